from commonweal.privacy.registry import not_personal
from commonweal.welfaremap.models import ServicePoint

not_personal(
    ServicePoint,
    address="a public service point's address, shown on the welfare map",
    phone="a public service point's desk telephone, shown on the welfare map",
)
