from django.core.mail import send_mail
from django.db import IntegrityError
from django.utils.translation import gettext as _
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.exceptions import UniqueViolation
from procrastinate.jobs import Status
from procrastinate.manager import QUEUEING_LOCK_CONSTRAINT

from commonweal.platform.kernel.jobs import app, platform_task
from commonweal.tenants.links import community_url


@platform_task(retry=5)
def send_invitation(*, invitation_id: int) -> None:
    from commonweal.platform.accounts.models import Invitation

    invitation = Invitation.objects.select_related("community", "invited_by").get(pk=invitation_id)
    if not invitation.is_open or not invitation.email:
        return
    link = community_url(invitation.community, f"/invitations/{invitation.secret()}/")
    send_mail(
        _("You are invited to join %(community)s") % {"community": invitation.community.name},
        _("%(inviter)s invites you to %(community)s on Commonweal. Accept here: %(link)s")
        % {"inviter": invitation.invited_by, "community": invitation.community.name, "link": link},
        None,
        [invitation.email],
    )


# A worker heartbeats every 10 s (procrastinate's default); one silent for a minute is dead
# (killed, out of memory, its machine gone) and the jobs it held are run again. Jobs are
# written to be safe to run twice: each does its work in one transaction (rolled back with the
# dead worker's connection) or records what it did and skips it the second time.
STALLED_AFTER_SECONDS = 60


async def retry_stalled(job_manager, *, seconds_since_heartbeat: float) -> int:
    """Put back in the queue the jobs held by workers silent for `seconds_since_heartbeat`;
    returns how many. A stalled job whose queueing lock a waiting job holds (the next run of a
    periodic one, deferred while it was stuck) is ended as aborted instead: that run does its
    work, and putting it back would break the lock (and, raised, stop the others' retry)."""
    retried = 0
    stalled = await job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat)
    for job in stalled:
        if job.queueing_lock and await _waiting(job.queueing_lock):
            await job_manager.finish_job(job, status=Status.ABORTED, delete_job=False)
            continue
        try:  # a run deferred after that look fails the retry on the lock: ended the same way
            await job_manager.retry_job(job)
        except (IntegrityError, UniqueViolation) as error:
            if not _queueing_lock_taken(error):
                raise
            await job_manager.finish_job(job, status=Status.ABORTED, delete_job=False)
        else:
            retried += 1
    return retried


async def _waiting(queueing_lock: str) -> bool:
    jobs = ProcrastinateJob.objects.filter(queueing_lock=queueing_lock, status="todo")
    return await jobs.aexists()


def _queueing_lock_taken(error: Exception) -> bool:
    """Whether `error` says another waiting job holds the queueing lock (raised by
    procrastinate's own connector, or through Django's by its cause)."""
    if isinstance(error, UniqueViolation):
        return error.constraint_name == QUEUEING_LOCK_CONSTRAINT
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == QUEUEING_LOCK_CONSTRAINT


@app.periodic(cron="* * * * *", periodic_id="retry-stalled-jobs")
@app.task(
    name="commonweal.platform.tasks.retry_stalled_jobs",
    queueing_lock="retry-stalled-jobs",
    pass_context=True,
)
async def retry_stalled_jobs(context, timestamp: int) -> int:
    return await retry_stalled(
        context.app.job_manager, seconds_since_heartbeat=STALLED_AFTER_SECONDS
    )
