"""Amazon ECS: services keep the settings CreateService and UpdateService send."""
from typing import Any

from . import gap

# request parameter -> attribute moto serializes it from, and what DescribeServices shows when it was never sent
_SETTINGS = (
    ("availabilityZoneRebalancing", "availability_zone_rebalancing", "DISABLED"),
    ("enableECSManagedTags", "enable_ecs_managed_tags", False),
    ("healthCheckGracePeriodSeconds", "health_check_grace_period_seconds", None),
)
_DEPLOYMENT_DEFAULTS = {"deploymentCircuitBreaker": {"enable": False, "rollback": False}, "maximumPercent": 200, "minimumHealthyPercent": 100}


@gap("ecs: services keep availabilityZoneRebalancing, enableECSManagedTags, healthCheckGracePeriodSeconds and deploymentConfiguration")
def ecs_service_settings() -> None:
    """
    AWS: CreateService/UpdateService take availabilityZoneRebalancing (ENABLED
    or DISABLED), enableECSManagedTags, healthCheckGracePeriodSeconds (only for
    a service that uses a load balancer) and deploymentConfiguration (minimum
    and maximum percent, the deployment circuit breaker), and DescribeServices
    returns them, with AWS's defaults (100 %, 200 %, circuit breaker off) for
    what was never sent; a value outside those rules fails with
    InvalidParameterException
    (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html).
    aws_ecs_service sends availabilityZoneRebalancing DISABLED by default.
    moto: drops them all, so every plan after the apply wants to set them again.
    Here: the request is checked as AWS checks it, then what was sent is kept
    on moto's service object and returned; each UpdateService overlays what it
    sends on what the service already has.
    """
    from moto.ecs.exceptions import InvalidParameterException
    from moto.ecs.responses import EC2ContainerServiceResponse

    def check(response: Any, load_balancers: list[Any]) -> None:
        rebalancing = response._get_param("availabilityZoneRebalancing")
        if rebalancing is not None and rebalancing not in ("ENABLED", "DISABLED"):
            raise InvalidParameterException(f"availabilityZoneRebalancing must be ENABLED or DISABLED, not {rebalancing}.")
        grace = response._get_param("healthCheckGracePeriodSeconds")
        if grace is not None and not (response._get_param("loadBalancers") or load_balancers):
            raise InvalidParameterException("Health check grace period is only valid for services configured to use load balancers")

    def keep(response: Any, service: Any) -> None:
        for param, attr, default in _SETTINGS:
            sent = response._get_param(param)
            if sent is not None:
                setattr(service, attr, sent)
            elif getattr(service, attr, None) is None and default is not None:
                setattr(service, attr, default)
        # moto's UpdateService has already set deployment_configuration to what was sent: merge from our own copy.
        current = getattr(service, "lz_deployment_configuration", None) or dict(_DEPLOYMENT_DEFAULTS)
        service.lz_deployment_configuration = {**current, **(response._get_param("deploymentConfiguration") or {})}
        service.deployment_configuration = service.lz_deployment_configuration

    original_create = EC2ContainerServiceResponse.create_service
    original_update = EC2ContainerServiceResponse.update_service

    def create_service(self: Any) -> Any:
        check(self, [])
        result = original_create(self)
        keep(self, result.result["service"])
        return result

    def update_service(self: Any) -> Any:
        found, _ = self.ecs_backend.describe_services(self._get_param("cluster") or "default", [self._get_param("service")])
        if found:  # otherwise moto answers ServiceNotFoundException, as AWS does
            check(self, found[0].load_balancers)
        result = original_update(self)
        keep(self, result.result["service"])
        return result

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service
