"""Generic problem and prompt texts used by the engine (step-specific ones live in inventory)."""

from dialogs.i18n import N_

NOT_A_NUMBER = N_("That doesn't look like a number. Please type a number, for example 7.5.")
NOT_A_WHOLE_NUMBER = N_(
    "That doesn't look like a number. Please type a whole number, for example 9."
)
NOT_WHOLE = N_("Please type a whole number, for example 9.")
NEGATIVE = N_("This can't be a negative number. Please type a number of 0 or more.")
ZERO = N_("This can't be 0. Please type a number greater than 0.")
TOO_LOW = N_("Please type a number of at least {min}.")
TOO_HIGH = N_("Please type a number no higher than {max}.")
TOO_LONG = N_("That's a bit long. Please keep it under {max} characters.")
EMPTY_TEXT = N_("Please type a few letters, or use the buttons.")
USE_BUTTONS = N_("Please tap one of the buttons below this question.")
UNKNOWN_OPTION = N_("That button doesn't belong to this question. Please use the buttons below.")
STALE_BUTTON = N_(
    "That button belongs to an earlier question. Please use the buttons of the latest message."
)
ANSWERS_MISSING = N_("Some answers are still missing. Please answer them first.")
CANNOT_SKIP = N_("This question can't be skipped, but an estimate is fine.")
CANNOT_UNKNOWN = N_("Please give an answer here; a rough estimate is fine.")
ITEM_INCOMPLETE = N_(
    "Person {n} isn't complete yet. Tap “Edit person {n}” to finish it, or remove this person."
)
NEED_ONE_ITEM = N_("Please add at least one person, or go back and change your answer above.")
REVIEW_TEXT = N_("Here are your answers. Tap ✏️ to change one.")
AT_REVIEW = N_("If everything is right, tap ✅ below or type “yes”. To change an answer, tap ✏️.")
GROUP_ADD = N_("Add another person")
GROUP_EDIT = N_("Edit person {n}")
GROUP_REMOVE = N_("Remove person {n}")
GROUP_DONE = N_("That's everyone")
GROUP_SAME = N_("➕ One more like person {n}")
HOW_MANY_SAME = N_(
    "How many more people have the same answers as person {n}? Tap a number, or type it."
)
N_MORE = N_("{count} more")
DOUBT_CHANGE = N_("✏️ Let me type it again")
