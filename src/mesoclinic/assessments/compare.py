"""Which two photos of one pose to put side by side: by default the first and the latest,
or the two the user picked (shown earlier first whatever order they were picked in)."""

from dataclasses import dataclass

from mesoclinic.assessments.gallery import PatientPhoto, photo_order
from mesoclinic.assessments.models import Pose
from mesoclinic.domain.errors import DomainError


@dataclass(frozen=True)
class Comparison:
    pose: str
    pose_label: str
    choices: list[PatientPhoto]  # the pose's photos, oldest first
    earlier: PatientPhoto
    later: PatientPhoto | None  # None while the pose has a single photo


def comparisons(
    photos: list[PatientPhoto], *, pose: str = "", earlier: str = "", later: str = ""
) -> list[Comparison]:
    """One comparison per pose that has photos, in the fixed order of the poses. `pose`
    with the keys `earlier` and `later` picks the pair for that pose."""
    if pose and pose not in Pose.values:
        raise DomainError("pose", "Choose one of the standard poses.")
    found = []
    for each in Pose:
        choices = [photo for photo in photos if photo.pose == each.value]
        if not choices:
            continue
        pair = (choices[0], choices[-1])
        if each.value == pose:
            pair = _picked(choices, earlier, later)
        first, second = sorted(pair, key=photo_order)
        found.append(
            Comparison(
                pose=each.value,
                pose_label=each.label,
                choices=choices,
                earlier=first,
                later=second if second is not first else None,
            )
        )
    return found


def _picked(
    choices: list[PatientPhoto], earlier: str, later: str
) -> tuple[PatientPhoto, PatientPhoto]:
    by_key = {photo.key: photo for photo in choices}
    for field, key in (("earlier", earlier), ("later", later)):
        if key not in by_key:
            raise DomainError(field, f"Choose the {field} photo from this pose's photos.")
    return by_key[earlier], by_key[later]
