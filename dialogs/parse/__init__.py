"""One set of parsers for every flow: numbers, months, phrases ("weet ik niet", "ja hoor",
"kind of") and names (categories, municipalities, button labels) with typo tolerance."""
