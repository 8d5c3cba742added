"""Which account a request acts in, and helpers to look across accounts."""
import os
import threading
from typing import Any, Iterator

from . import gap

_request = threading.local()


def current_account() -> str:
    """The account of the request being served on this thread."""
    return getattr(_request, "account", None) or default_account()


def request_headers() -> Any:
    """The headers of the request being served on this thread."""
    return getattr(_request, "headers", None) or {}


def default_account() -> str:
    import moto.core

    return moto.core.DEFAULT_ACCOUNT_ID


def backends(backend_dict: Any, region: str) -> Iterator[tuple[str, Any]]:
    """(account id, backend) for every account that already has a backend in `region`."""
    for account_id in list(backend_dict.keys()):
        per_region = backend_dict[account_id]
        if region in per_region:
            yield account_id, per_region[region]


@gap("plain credentials act in MOTO_ACCOUNT_ID, assumed roles in their own account")
def plain_credentials_act_in_the_management_account() -> None:
    """
    AWS: credentials act in the account that issued them; a role assumed with
    sts:AssumeRole acts in the role's account.
    moto: MOTO_ACCOUNT_ID, when set, pins every request to that account, so
    assume-role into a member account has no effect; without it, plain
    credentials act in 123456789012.
    Here: the launcher removes MOTO_ACCOUNT_ID from the environment and makes
    its value the default account instead, so plain credentials act in the
    management account and assumed-role credentials in the member account.
    The account (and headers) of each request are also kept per thread for the
    cross-account views and bucket policies below.
    """
    account = os.environ.pop("MOTO_ACCOUNT_ID", None)
    import moto.core
    import moto.core.models

    if account:
        moto.core.DEFAULT_ACCOUNT_ID = account
        moto.core.models.DEFAULT_ACCOUNT_ID = account
    from moto.core.responses import BaseResponse

    original = BaseResponse.get_current_account

    def get_current_account(self: Any) -> str:
        account_id = original(self)
        _request.account = account_id
        _request.headers = self.headers
        return account_id

    BaseResponse.get_current_account = get_current_account
