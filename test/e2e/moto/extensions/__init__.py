"""
Behaviour that moto 5.2.1 lacks and the landing zone needs, registered before
moto's server starts. Each gap is one function, decorated with @gap, whose
docstring says what AWS does, what moto does instead, and what the function
changes. `apply_all()` installs them and returns their names for the log.

Rules for adding one: model what AWS does (never what a stack happens to
need), keep it small, and add a test in test/e2e/emulator.test.ts that calls
the API the way the provider does.
"""
from typing import Callable

GAPS: list[tuple[str, Callable[[], None]]] = []


def gap(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def register(fn: Callable[[], None]) -> Callable[[], None]:
        GAPS.append((name, fn))
        return fn

    return register


def apply_all() -> list[str]:
    # Imported for their @gap registrations, in the order they are applied.
    from . import accounts, access_analyzer, cloudtrail, compute, ec2_defaults, elbv2, ram, route53, s3_policy, transit_gateway, unsupported, workload  # noqa: F401
    from . import config, guardduty, securityhub  # noqa: F401  (security services, one file per service)

    for _, fn in GAPS:
        fn()
    return [name for name, _ in GAPS]
