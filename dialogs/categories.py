"""Target-group categories and contract kinds: keys exactly as in pso/weights.csv, plain labels
and explanations (weights live with the PSO rules, never here)."""

from dialogs.i18n import N_
from dialogs.model import Option

TARGET_GROUPS: tuple[Option, ...] = (
    Option("participatiewet", N_("Social assistance (bijstand)")),
    Option("participatiewet_lks", N_("Bijstand with wage subsidy")),
    Option("wajong", N_("Wajong (young disabled)")),
    Option("wao_wia_waz", N_("Disability benefit (WIA/WAO/WAZ)")),
    Option("sw_indicated", N_("Sheltered work (Wsw)")),
    Option("ww", N_("Unemployed 6+ months (WW)")),
    Option("vso_pro", N_("School leaver VSO/PrO")),
    Option(
        "bbl1_placement",
        N_("Student level 1 or VSO/PrO placement"),
        stores="bbl_bol_1_vso_pro_internship",
    ),
    Option("bbl_bol_2", N_("Student level 2 with placement")),
    Option(
        "young_provision",
        N_("Young disabled with a provision"),
        stores="young_disabled_with_provision",
    ),
    Option("wiw_id", N_("Former WIW/ID job")),
    Option("status_lost_2y", N_("Lost status in last 2 years")),
    Option(
        "register_other",
        N_("Other: in the target-group register"),
        stores="target_register_other",
    ),
)

TARGET_GROUP_HELP = N_(
    "Which group fits this person? In plain words:\n"
    "• Social assistance (bijstand): was on a Participatiewet benefit from the municipality "
    "(also refugees with a residence permit, and people the municipality sent to you for "
    "social return).\n"
    "• Bijstand with wage subsidy: the municipality pays part of the wage "
    "(loonkostensubsidie) because the person can't yet earn the full minimum wage.\n"
    "• Wajong: became disabled when young and gets (or got) a Wajong benefit from UWV.\n"
    "• Disability benefit: gets WIA, WAO or WAZ because of illness or disability, or is "
    "covered by the no-risk policy.\n"
    "• Sheltered work (Wsw): has a Wsw indication, usually employed by a social work company "
    "(sociaal werkbedrijf).\n"
    "• Unemployed 6+ months: had an unemployment benefit (WW) for at least six months before "
    "you hired them.\n"
    "• School leaver VSO/PrO: left special education (VSO) or practical education (PrO) in "
    "the last five years.\n"
    "• Student level 1 or VSO/PrO placement: a student at MBO level 1 (BBL/BOL), or still in "
    "VSO/PrO, doing a work placement with you.\n"
    "• Student level 2 with placement: an MBO level 2 student (BBL/BOL) on a placement or "
    "work-study contract.\n"
    "• Young disabled with a provision: a young person with a disability who earns the "
    "minimum wage thanks to support such as a job coach or an adapted workplace.\n"
    "• Former WIW/ID job: used to have a subsidised WIW or ID job (old schemes).\n"
    "• Lost status in last 2 years: belonged to one of these groups until less than two years "
    "ago.\n"
    "• Other in the register: is in the UWV target-group register (doelgroepregister) for "
    "another reason.\n"
    "Not sure? The person, UWV or the municipality can tell you; pick the closest for now."
)

CONTRACTS: tuple[Option, ...] = (
    Option("regular", N_("Regular contract")),
    Option("supported_employment", N_("Supported employment")),
    Option("secondment_flex", N_("Seconded or flex to you")),
    Option(
        "internship",
        N_("Internship or re-integration"),
        stores="internship_reintegration",
    ),
    Option("trial_placement", N_("Trial placement")),
)

# Only for sheltered-work employees (branching in inventory.py).
SECONDED_OUT = Option("seconded_out", N_("Works at another organisation"))

CONTRACT_HELP = N_(
    "How does this person work for you?\n"
    "• Regular contract: employed by you, permanent or fixed-term.\n"
    "• Supported employment: employed through the begeleid werken scheme, often with a job "
    "coach.\n"
    "• Seconded or flex to you: works for you through a secondment, a temp agency or another "
    "flexible arrangement.\n"
    "• Internship or re-integration: an internship, work-experience place or re-integration "
    "trajectory.\n"
    "• Trial placement: a trial period (proefplaatsing) in which the person usually keeps "
    "their benefit.\n"
    "• Works at another organisation: only for sheltered-work (Wsw) employees on your payroll "
    "who are detached to another organisation."
)
