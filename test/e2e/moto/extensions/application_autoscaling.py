"""Application Auto Scaling: tags on scalable targets."""
import json
from typing import Any

from . import gap


@gap("application-autoscaling: tags on scalable targets")
def scalable_target_tags() -> None:
    """
    AWS: RegisterScalableTarget takes Tags; TagResource, UntagResource and
    ListTagsForResource work on the target's ARN (aws_appautoscaling_target reads them).
    moto: the three tag actions do not exist (a 500, which the provider retries
    until it times out) and the Tags of the registration are dropped.
    Here: tags are kept on moto's target object.
    """
    from moto.applicationautoscaling.models import FakeScalableTarget
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
    from moto.core.exceptions import JsonRESTError

    def target(response: Any) -> Any:
        arn = response._get_param("ResourceARN")
        backend = response.applicationautoscaling_backend
        for by_id in backend.targets.values():
            for candidate in by_id.values():
                if candidate.arn == arn:
                    return candidate
        raise JsonRESTError("ResourceNotFoundException", f"No scalable target found for {arn}")

    def tags(t: FakeScalableTarget) -> dict[str, str]:
        if not hasattr(t, "lz_tags"):
            t.lz_tags = {}
        return t.lz_tags

    original_register = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self: Any) -> str:
        body = original_register(self)
        arn = json.loads(body)["ScalableTargetARN"]
        for by_id in self.applicationautoscaling_backend.targets.values():
            for candidate in by_id.values():
                if candidate.arn == arn:
                    tags(candidate).update(self._get_param("Tags") or {})
        return body

    def list_tags_for_resource(self: Any) -> str:
        return json.dumps({"Tags": tags(target(self))})

    def tag_resource(self: Any) -> str:
        tags(target(self)).update(self._get_param("Tags") or {})
        return json.dumps({})

    def untag_resource(self: Any) -> str:
        t = tags(target(self))
        for key in self._get_param("TagKeys") or []:
            t.pop(key, None)
        return json.dumps({})

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource
