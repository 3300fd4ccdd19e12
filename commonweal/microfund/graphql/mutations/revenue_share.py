"""Revenue feedback (收益反哺): agreements made by admins, revenue reported by the office or by
the partner's own representatives, the fund's share invoiced and settled by the office."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.microfund import selectors
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.graphql.types import (
    FundError,
    RevenueReportType,
    RevenueShareAgreementType,
)
from commonweal.microfund.services import revenue_share
from commonweal.partners.graphql.types import PartnerType
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    ADMINS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
    roles,
)
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role


@strawberry.input(description="One beneficiary of a revenue-share agreement.")
class ShareLineInput:
    beneficiary: str = strawberry.field(description="Who receives it.")
    basis_points: int = strawberry.field(description="Share in 1/100 % (7000 = 70%).")
    to_fund: bool = strawberry.field(default=False, description="This community's fund.")


AgreementPayload = payload(
    "AgreementPayload",
    FundError,
    agreement=(RevenueShareAgreementType, "The agreement as made."),
)
RevenueReportPayload = payload(
    "RevenueReportPayload", FundError, report=(RevenueReportType, "The report as it stands.")
)


def _report(who, global_id):
    return selectors.access_revenue_report(
        actor=who.user, report_id=pk_of(global_id, RevenueReportType, FundErrorCode)
    )


@strawberry.type
class RevenueShareMutation:
    @mutation(
        AgreementPayload,
        allow=ADMINS,
        description="Agree a revenue share of an approved or active partner's service (admins).",
    )
    def create_revenue_share_agreement(
        self,
        info: Info,
        partner: Annotated[relay.GlobalID, arg("The partner whose service it is.")],
        service: Annotated[str, arg("The service, e.g. 社区共享食堂.")],
        lines: Annotated[list[ShareLineInput], arg("The shares, adding up to 100%.")],
        remainder_beneficiary: Annotated[
            str, arg("The beneficiary (one of the lines) who receives what rounding leaves.")
        ],
        partner_email: Annotated[
            str, arg("Told when a report is late; the organisation's contact by default.")
        ] = "",
        starts_on: Annotated[
            date | None, arg("First day of the first period; today when omitted.")
        ] = None,
    ) -> AgreementPayload:
        who = caller(info)
        partnership = selectors.access_partner(
            actor=who.user, partnership_id=pk_of(partner, PartnerType, FundErrorCode)
        )
        return AgreementPayload(
            agreement=revenue_share.agreement_create(
                actor=who.user,
                community=who.community,
                partnership=partnership,
                service=service,
                lines=[(line.beneficiary, line.basis_points, line.to_fund) for line in lines],
                remainder_beneficiary=remainder_beneficiary,
                partner_email=partner_email,
                starts_on=starts_on,
            )
        )

    @mutation(
        RevenueReportPayload,
        allow=roles(*OFFICE_ROLES, Role.PARTNER_REPRESENTATIVE),
        description="Report a period's gross revenue (office roles, and the representatives of"
        " the agreement's own partner).",
    )
    def submit_revenue_report(
        self,
        info: Info,
        agreement: Annotated[relay.GlobalID, arg("The revenue-share agreement.")],
        period_start: Annotated[date, arg("First day of the period.")],
        period_end: Annotated[date, arg("Last day of the period.")],
        gross: Annotated[int, arg("Gross revenue of the period, in fen.")],
        evidence: Annotated[str, arg("What proves it (流水, 报表…).")],
    ) -> RevenueReportPayload:
        who = caller(info)
        found = selectors.access_agreement_to_report(
            actor=who.user,
            community=who.community,
            agreement_id=pk_of(agreement, RevenueShareAgreementType, FundErrorCode),
        )
        return RevenueReportPayload(
            report=revenue_share.revenue_report_submit(
                actor=who.user,
                community=who.community,
                agreement=found,
                period_start=period_start,
                period_end=period_end,
                gross=gross,
                evidence=evidence,
            )
        )

    @mutation(
        RevenueReportPayload,
        allow=OFFICE,
        description="Mark the fund's share invoiced (office roles).",
    )
    def invoice_revenue_report(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The revenue report.")],
        invoice_number: Annotated[str, arg("Number of the invoice sent to the partner.")],
    ) -> RevenueReportPayload:
        who = caller(info)
        return RevenueReportPayload(
            report=revenue_share.revenue_report_invoice(
                actor=who.user,
                community=who.community,
                report=_report(who, id),
                invoice_number=invoice_number,
            )
        )

    @mutation(
        RevenueReportPayload,
        allow=OFFICE,
        description="Mark the fund's share received; posts the settlement (office roles).",
    )
    def settle_revenue_report(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The revenue report.")]
    ) -> RevenueReportPayload:
        who = caller(info)
        return RevenueReportPayload(
            report=revenue_share.revenue_report_settle(
                actor=who.user, community=who.community, report=_report(who, id)
            )
        )
