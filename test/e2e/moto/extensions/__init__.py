"""
Behaviour that moto 5.2.1 lacks and the landing zone needs, registered before
moto's server starts. Each gap is one function, decorated with @gap, whose
docstring says what AWS does, what moto does instead, and what the function
changes. `apply_all()` installs them and returns their names for the log.

Rules for adding one: model what AWS does (never what a stack happens to
need) and what AWS checks, keep it small, put it in the file of its AWS
service (one file per service), and test it through the SDK the way the
provider calls it, accepted and refused: test/e2e/extensions/<service>.test.ts
(older files are tested in test/e2e/emulator.test.ts).
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
    from . import accounts, access_analyzer, application_autoscaling, batch, cloudtrail, ec2, ecs, elbv2, ram, route53, s3_policy, ssm, transit_gateway, unsupported  # noqa: F401
    from . import budgets, cost_explorer, ssoadmin  # noqa: F401  (people and money)
    from . import sts  # noqa: F401  (role assumption)
    from . import config, guardduty, inspector2, securityhub  # noqa: F401  (security services)
    from . import logs, wafv2  # noqa: F401  (WAF logs to the logging account)

    for _, fn in GAPS:
        fn()
    return [name for name, _ in GAPS]
