"""CloudTrail: trails addressed by ARN."""
from typing import Any

from . import gap


@gap("cloudtrail: StartLogging, StopLogging and DeleteTrail accept the trail ARN")
def trail_operations_accept_the_arn() -> None:
    """
    AWS: every trail operation takes the trail name or its ARN; the provider's
    aws_cloudtrail calls StartLogging with the ARN.
    moto: StartLogging and StopLogging look the trail up by name only and raise
    KeyError (a 500, which the provider retries until it times out);
    DeleteTrail by ARN silently deletes nothing.
    Here: the three resolve the trail with moto's own get_trail(name_or_arn).
    """
    from moto.cloudtrail.models import CloudTrailBackend

    def start_logging(self: Any, name: str) -> None:
        self.get_trail(name).start_logging()

    def stop_logging(self: Any, name: str) -> None:
        self.get_trail(name).stop_logging()

    def delete_trail(self: Any, name: str) -> None:
        trail = self.get_trail(name)
        del self.trails[trail.trail_name]

    CloudTrailBackend.start_logging = start_logging
    CloudTrailBackend.stop_logging = stop_logging
    CloudTrailBackend.delete_trail = delete_trail
