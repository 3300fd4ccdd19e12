from commonweal.governance.photos.models import Photo
from commonweal.privacy.registry import person_rows

# The picture stays with its need, report or progress update (the evidence others rely on; its
# metadata was stripped on upload); the uploader is listed in their export and anonymised with
# them.
person_rows(Photo, owner=("uploaded_by",))
