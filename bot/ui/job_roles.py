"""The names of staff members' job roles: on the invite's buttons, and in the sentence of an
owner's consent that says who will contact them."""

from __future__ import annotations

from bot.db.models import JobRole
from bot.i18n import N_

LABELS = {
    JobRole.ACCOUNT_MANAGER: N_("Employer account manager"),
    JobRole.EMPLOYER_ADVISER: N_("Employer adviser"),
    JobRole.JOB_COACH: N_("Job coach"),
    JobRole.CONSULTANT: N_("Work and income consultant"),
}
# In a sentence: "… may contact me through <an employer adviser>".
PHRASES = {
    JobRole.ACCOUNT_MANAGER: N_("an employer account manager"),
    JobRole.EMPLOYER_ADVISER: N_("an employer adviser"),
    JobRole.JOB_COACH: N_("a job coach"),
    JobRole.CONSULTANT: N_("a work and income consultant"),
}
ANY_STAFF = N_("a member of their staff")  # a campaign an admin made


def label(value: str) -> str:
    """The msgid of a job role's name ("" for none or an unknown one)."""
    try:
        return LABELS[JobRole(value)]
    except ValueError:
        return ""


def phrase(value: str) -> str:
    """The msgid naming this job role in a sentence (any member of staff for none)."""
    try:
        return PHRASES[JobRole(value)]
    except ValueError:
        return ANY_STAFF
