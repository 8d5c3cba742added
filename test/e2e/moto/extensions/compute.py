"""Workload compute as AWS reports it back: an instance's root volume from its launch template, an ECS service's deployment configuration."""
from typing import Any

from . import gap


@gap("ec2: a launch template that maps the AMI's root device replaces the root volume")
def launch_template_root_volume() -> None:
    """
    AWS: an instance gets its AMI's block device mappings, each replaced by a
    mapping of the same device name from the request or its launch template;
    a template that maps the AMI's root device (/dev/xvda for Amazon Linux
    2023) sets the size, type and encryption of the one root volume.
    moto: an instance launched from a template always gets a default
    unencrypted 8 GiB volume at /dev/sda1 as well as the template's mappings,
    so it has a second, unencrypted volume that AWS would never create.
    Here: when the template maps the AMI's root device, its mappings are used
    as if the request had sent them, so the default volume is not added.
    """
    from moto.ec2.models.instances import InstanceBackend

    original = InstanceBackend.run_instances

    def run_instances(self: Any, image_id: str, count: int, user_data: Any, security_group_names: list[str], **kwargs: Any) -> Any:
        if kwargs.get("launch_template") and "block_device_mappings" not in kwargs:
            template = self._get_template_from_args(kwargs["launch_template"])
            mappings = template.data.get("BlockDeviceMappings") or []
            images = self.describe_images(ami_ids=[image_id or template.image_id]) if (image_id or template.image_id) else []
            root = images[0].root_device_name if images else None
            if root and any(m.get("DeviceName") == root for m in mappings):
                kwargs["block_device_mappings"] = mappings
        return original(self, image_id, count, user_data, security_group_names, **kwargs)

    InstanceBackend.run_instances = run_instances


@gap("ecs: services keep their deployment configuration")
def ecs_deployment_configuration() -> None:
    """
    AWS: CreateService/UpdateService take deploymentConfiguration (minimum and
    maximum percent, the deployment circuit breaker, alarms) and
    DescribeServices returns it, with AWS's defaults (100 %, 200 %, circuit
    breaker off) for what was not sent.
    moto: drops it, so DescribeServices has no deploymentConfiguration at all.
    Here: the defaults, overlaid with what CreateService sent and then with
    what each UpdateService sends, are kept on moto's service and returned.
    """
    from moto.ecs.responses import EC2ContainerServiceResponse

    defaults = {"deploymentCircuitBreaker": {"enable": False, "rollback": False}, "maximumPercent": 200, "minimumHealthyPercent": 100}

    def keeping(original: Any) -> Any:
        def handler(self: Any) -> Any:
            result = original(self)
            service = result.result["service"]
            # moto's UpdateService has already set the attribute to what was sent: merge from our own copy.
            current = getattr(service, "lz_deployment_configuration", None) or dict(defaults)
            service.lz_deployment_configuration = {**current, **(self._get_param("deploymentConfiguration") or {})}
            service.deployment_configuration = service.lz_deployment_configuration
            return result

        return handler

    EC2ContainerServiceResponse.create_service = keeping(EC2ContainerServiceResponse.create_service)
    EC2ContainerServiceResponse.update_service = keeping(EC2ContainerServiceResponse.update_service)


@gap("elbv2: a load balancer created without a scheme is internet-facing")
def load_balancer_default_scheme() -> None:
    """
    AWS: Scheme defaults to internet-facing when CreateLoadBalancer omits it,
    as aws_lb does for internal = false.
    moto: passes the missing parameter on as None, so DescribeLoadBalancers
    reports no scheme.
    Here: a missing scheme is internet-facing.
    """
    from moto.elbv2.models import ELBv2Backend

    original = ELBv2Backend.create_load_balancer

    def create_load_balancer(self: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("scheme") is None:
            kwargs["scheme"] = "internet-facing"
        return original(self, *args, **kwargs)

    ELBv2Backend.create_load_balancer = create_load_balancer


@gap("ec2: MonitorInstances/UnmonitorInstances turn detailed monitoring on and off")
def instance_monitoring() -> None:
    """
    AWS: MonitorInstances enables detailed (1-minute) monitoring of running
    instances and UnmonitorInstances disables it; each answers, per instance,
    the monitoring state it moves to ("pending" / "disabling"), and
    DescribeInstances then reports "enabled" / "disabled"
    (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_MonitorInstances.html,
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UnmonitorInstances.html).
    moto: both raise NotImplementedError (HTTP 500), so the provider retries
    until it times out when an instance states `monitoring = true`.
    Here: each sets the state on moto's instance (which DescribeInstances
    already reports) and answers the documented response.
    """
    from moto.ec2.responses.monitoring import Monitoring

    def answer(action: str, transient: str, final: str) -> Any:
        def handler(self: Any) -> str:
            self.error_on_dryrun()
            items = []
            for instance_id in self._get_param("InstanceIds", []):
                self.ec2_backend.get_instance(instance_id).monitoring_state = final
                items.append(f"<item><instanceId>{instance_id}</instanceId><monitoring><state>{transient}</state></monitoring></item>")
            return (
                f'<{action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>lz-{action}</requestId>'
                f"<instancesSet>{''.join(items)}</instancesSet></{action}Response>"
            )

        return handler

    Monitoring.monitor_instances = answer("MonitorInstances", "pending", "enabled")
    Monitoring.unmonitor_instances = answer("UnmonitorInstances", "disabling", "disabled")
