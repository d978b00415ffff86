"""Target-group categories and contract kinds: keys exactly as in pso/weights.csv, plain labels
and explanations (weights live with the PSO rules, never here), and the other names employers
know them by (docs/pso-rules.md "Who counts": the names that must lead to the right category)."""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.i18n import N_
from dialogs.model import Option

TARGET_GROUPS: tuple[Option, ...] = (
    Option("participatiewet", N_("Social assistance (bijstand)")),
    Option("participatiewet_lks", N_("Bijstand with wage subsidy")),
    Option("wajong", N_("Wajong (young disabled)")),
    Option("wao_wia_waz", N_("Disability benefit (WIA/WAO/WAZ)")),
    Option("sw_indicated", N_("Sheltered work (Wsw)")),
    Option("ww", N_("Unemployment benefit (WW)")),
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
        N_("Other, in the target-group register"),
        stores="target_register_other",
    ),
)

# Names typed at the category question, by option value, matched as whole words after folding
# case, accents and punctuation, or as a typo of one (`dialogs.parse.names.find_name`). Button
# labels are matched by the engine.
TARGET_GROUP_NAMES: Mapping[str, tuple[str, ...]] = {
    "participatiewet": (
        "bijstand",
        "bijstandsuitkering",
        "participatiewet",
        "participatiewet zonder loonkostensubsidie",
        "wwb",
        "ioaw",
        "ioaz",
        "nug",
        "niet uitkeringsgerechtigd",
        "statushouder",
        "statushouders",
        "vluchteling",
        "vergunninghouder",
        "oekraine",
        "oekrainer",
        "oekraiense",
        "ukraine",
        "ukrainian",
        "refugee",
        "social assistance",
        "welfare",
        "uitkering van de gemeente",
    ),
    "participatiewet_lks": (
        "loonkostensubsidie",
        "lks",
        "beschut werk",
        "beschutte werkplek",
        "beschut",
        "wage subsidy",
        "wage cost subsidy",
        "sheltered employment participatiewet",
    ),
    "wajong": ("wajong", "wajonger", "young disabled"),
    "wao_wia_waz": (
        "wia",
        "wao",
        "waz",
        "wga",
        "iva",
        "no riskpolis",
        "noriskpolis",
        "no risk polis",
        "no risk policy",
        "arbeidsongeschikt",
        "arbeidsongeschiktheidsuitkering",
        "disability benefit",
    ),
    "sw_indicated": (
        "wsw",
        "sw",
        "sw indicatie",
        "wsw indicatie",
        "sociale werkvoorziening",
        "sw bedrijf",
        "sociaal werkbedrijf",
        "sheltered work",
    ),
    "ww": ("ww", "werkloos", "werkloosheidswet", "ww uitkering", "unemployment benefit"),
    "vso_pro": (
        "vso",
        "pro",
        "praktijkonderwijs",
        "voortgezet speciaal onderwijs",
        "speciaal onderwijs",
        "schoolverlater",
        "practical education",
        "special education",
    ),
    "bbl1_placement": ("bbl 1", "bol 1", "bbl niveau 1", "bol niveau 1", "entree", "mbo 1"),
    "bbl_bol_2": ("bbl 2", "bol 2", "bbl niveau 2", "bol niveau 2", "mbo 2"),
    "young_provision": ("jonggehandicapt", "jonggehandicapte", "voorziening"),
    "wiw_id": ("wiw", "id baan", "melkertbaan", "melkert"),
    "status_lost_2y": ("status verloren",),
    "register_other": (
        "banenafspraak",
        "doelgroepregister",
        "doelgroep register",
        "indicatie banenafspraak",
        "target group register",
        "job agreement",
    ),
}
# A more precise category named in the same breath wins: "bijstand met loonkostensubsidie",
# "Wajong, in het doelgroepregister".
TARGET_GROUP_REFINED: Mapping[str, frozenset[str]] = {
    "participatiewet": frozenset({"participatiewet_lks"}),
    "register_other": frozenset(TARGET_GROUP_NAMES) - {"register_other"},
}
# Names that fit more than one button: the re-ask says which buttons to choose from.
AMBIGUOUS_NAMES: Mapping[str, str] = {
    "bbl": N_(
        "BBL and BOL students count by level: tap “Student level 1 or VSO/PrO placement” or "
        "“Student level 2 with placement”. Levels 3 and 4 are not in this scan yet."
    ),
    "bol": N_(
        "BBL and BOL students count by level: tap “Student level 1 or VSO/PrO placement” or "
        "“Student level 2 with placement”. Levels 3 and 4 are not in this scan yet."
    ),
    "mbo": N_(
        "BBL and BOL students count by level: tap “Student level 1 or VSO/PrO placement” or "
        "“Student level 2 with placement”. Levels 3 and 4 are not in this scan yet."
    ),
}

CONTRACT_NAMES: Mapping[str, tuple[str, ...]] = {
    "regular": (
        "vast",
        "vast contract",
        "tijdelijk",
        "tijdelijk contract",
        "loondienst",
        "regular",
    ),
    "supported_employment": ("begeleid werken", "supported employment"),
    "secondment_flex": (
        "detachering",
        "gedetacheerd",
        "uitzendkracht",
        "uitzendbureau",
        "flex",
        "payroll",
        "temp",
        "secondment",
    ),
    "internship": (
        "stage",
        "stagiair",
        "werkervaringsplaats",
        "werkervaring",
        "re integratie",
        "reintegratie",
        "leerwerkplek",
        "internship",
        "work experience",
        "reintegration",
    ),
    "trial_placement": ("proefplaatsing", "proef", "trial placement", "trial"),
}


# ℹ️ texts stay within 12 lines on a phone (tests/dialogs/test_help_texts.py): the buttons
# carry the groups' names, so this says what the choice is about and the names people know.
TARGET_GROUP_HELP = N_(
    "Pick the group the person came from when they started with you.\n"
    "Names you may know: IOAW, NUG, statushouders and Ukrainian refugees are bijstand; "
    "loonkostensubsidie and "
    "beschut werk are bijstand with wage subsidy; the no-riskpolis goes with WIA/WAO/WAZ; the "
    "doelgroepregister is the banenafspraak; Entree is student level 1.\n"
    "Type such a name if you like. Not sure? UWV or the municipality can tell you."
)

CONTRACTS: tuple[Option, ...] = (
    # `shown`: lower case, as the words read under the label "Contract" (so not "contract"
    # again); `summary`: inside a person's line in the review.
    Option("regular", N_("Regular contract"), shown=N_("regular"), summary=N_("regular contract")),
    Option("supported_employment", N_("Supported employment"), shown=N_("supported employment")),
    Option("secondment_flex", N_("Seconded or flex to you"), shown=N_("seconded or flex")),
    Option(
        "internship",
        N_("Internship or re-integration"),
        stores="internship_reintegration",
        shown=N_("internship or re-integration"),
    ),
    Option("trial_placement", N_("Trial placement"), shown=N_("trial placement")),
)

# Only for sheltered-work employees (branching in inventory.py).
SECONDED_OUT = Option(
    "seconded_out", N_("Works at another organisation"), shown=N_("works at another organisation")
)

# The ℹ️ text describes only the buttons shown: "Another organisation" is a Wsw employee's.
CONTRACT_HELP = N_(
    "• Regular: employed by you, permanent or fixed-term.\n"
    "• Supported employment: via begeleid werken.\n"
    "• Seconded or flex: via a secondment or agency.\n"
    "• Internship: also work-experience places and re-integration.\n"
    "• Trial placement: proefplaatsing, usually with a benefit."
)
CONTRACT_HELP_WSW = N_(
    "• Regular: employed by you, permanent or fixed-term.\n"
    "• Supported employment: via begeleid werken.\n"
    "• Seconded or flex: via a secondment or agency.\n"
    "• Internship: also work-experience places and re-integration.\n"
    "• Trial placement: proefplaatsing, usually with a benefit.\n"
    "• Another organisation: Wsw staff you second out."
)
