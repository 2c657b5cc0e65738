"""English surface forms: numbers, dates, places and the trigger patterns of each signal type.

Same names as `fr.py`; see there for what each table means.
"""

# --- numbers ---------------------------------------------------------------------------
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "a dozen",
)
VAGUE_QUANTITIES = ("several", "dozens of", "hundreds of", "thousands of", "many", "scores of",
                    "a number of", "some")
SCALES = {"million": 1_000_000, "millions": 1_000_000, "billion": 1_000_000_000,
          "thousand": 1000}
THOUSANDS_SEPARATORS = ","
DECIMAL_MARK = "."
APPROXIMATORS = ("more than", "at least", "nearly", "almost", "about", "around", "some",
                 "over", "up to", "roughly", "an estimated")
ARTICLES_ONE = ("a", "an", "the", "one")

# --- dates -----------------------------------------------------------------------------
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
RELATIVE_DAYS = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1,
                 "last week": -7, "next week": 7}
UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}
FUTURE_OFFSET = r"(?:in|within)\s+(?:the\s+next\s+)?(?P<n>{NUM})\s+(?P<unit>days?|weeks?|months?)"
PAST_OFFSET = r"(?P<n>{NUM})\s+(?P<unit>days?|weeks?|months?)\s+ago"
DAY_MONTH = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>\d{4}))?"
MONTH_DAY = r"(?P<month>{MONTH})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?"
MID_MONTH = r"(?:the\s+)?(?:mid-|middle\s+of\s+)(?P<month>{MONTH})"
MONTH_YEAR = r"(?P<month>{MONTH})\s+(?P<year>\d{4})"
WEEKDAY = r"(?P<next>next\s+)?(?P<weekday>{WEEKDAY})"
SINCE_WORDS = ("since", "from", "as of", "starting")
DEADLINE_WORDS = ("by", "before", "within", "in", "until", "as early as")

# --- places ----------------------------------------------------------------------------
COUNTRIES = {
    "syria": "SY", "ukraine": "UA", "yemen": "YE", "sudan": "SD", "south sudan": "SS",
    "ethiopia": "ET", "somalia": "SO", "myanmar": "MM", "burma": "MM", "haiti": "HT",
    "gaza strip": "PS", "palestine": "PS", "lebanon": "LB", "iraq": "IQ", "russia": "RU",
    "afghanistan": "AF", "libya": "LY", "mali": "ML", "niger": "NE", "nigeria": "NG",
    "chad": "TD", "cameroon": "CM", "burkina faso": "BF", "israel": "IL", "drc": "CD",
    "democratic republic of the congo": "CD", "democratic republic of congo": "CD",
    "congo": "CD", "turkey": "TR", "jordan": "JO", "egypt": "EG", "tigray": "ET",
    "darfur": "SD",
}
ADJECTIVES = {
    "syrian": "SY", "ukrainian": "UA", "yemeni": "YE", "sudanese": "SD", "ethiopian": "ET",
    "somali": "SO", "haitian": "HT", "palestinian": "PS", "congolese": "CD",
    "burmese": "MM", "south sudanese": "SS", "gazan": "PS", "gazans": "PS",
    "tigrayan": "ET",
}
NOT_PLACES = (
    "the", "a", "an", "but", "and", "or", "on", "in", "at", "by", "for", "since", "after",
    "before", "no", "its", "it", "he", "she", "they", "we", "this", "that", "these", "those",
    "un", "united", "nations", "security", "council", "president", "moscow", "washington",
    "paris", "brussels", "geneva", "new york", "red", "cross", "world", "food", "programme",
    "health", "organization", "observatory", "european", "union", "reuters", "afp", "mr",
    "mrs", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "march", "may", "city", "town", "troy", "parliament", "senate", "stock", "exchange",
    "london", "street", "wall",
)
# Words that name a place as a landmark for another ("north-west of Damascus").
LANDMARKS = ("north of", "south of", "east of", "west of", "northwest of", "north-west of",
             "northeast of", "north-east of", "southwest of", "south-west of", "southeast of",
             "south-east of", "near", "close to", "outside", "km from", "kilometres from",
             "miles from", "road to", "province of", "suburbs of", "outskirts of")
LOCATIVES = ("in", "at", "of", "near", "to", "into", "from", "city of", "town of", "outside")

# --- signals ---------------------------------------------------------------------------
SIEGE = (
    r"besieged", r"under\s+(?:a\s+)?(?:full\s+|total\s+|complete\s+)?siege", r"encircled",
    r"(?:full|total|complete|tight)\s+blockade", r"under\s+blockade", r"siege\s+of\b",
    r"laid\s+siege", r"cut\s+off\s+from\s+the\s+outside\s+world", r"surrounded\s+by\s+(?:\w+\s+)?forces",
)
SIEGE_NOT = (
    r"siege\s+mentality", r"siege\s+(?:of\s+[^.]{0,60}?)?(?:was|has\s+been|had\s+been)\s+lifted",
    r"lifted\s+the\s+siege",
    r"end\s+of\s+the\s+siege", r"broke\s+the\s+siege", r"siege\s+ended", r"anniversary",
    r"commemorat", r"museum", r"exhibition", r"\bfilm\b", r"\bmovie\b", r"novel", r"\btroy\b",
    r"years\s+ago", r"historic", r"could\s+be\s+besieged", r"threat\s+of\s+(?:a\s+)?siege",
    r"fears?\s+of\s+(?:a\s+)?siege", r"football", r"\bgoal", r"defen[cs]e\s+(?:was|held)",
    r"stock", r"shares",
)
SIEGE_LIFTED = (
    r"siege\s+(?:of\s+[^.]{0,60}?)?(?:was|has\s+been|had\s+been|is)\s+(?:finally\s+|officially\s+)?lifted",
    r"lift(?:ed|ing)?\s+(?:the|its)\s+siege", r"end\s+of\s+the\s+siege",
    r"(?:broke|broken|breaking)\s+the\s+siege", r"siege\s+(?:ended|came\s+to\s+an\s+end)",
)
SIEGE_LIFTED_NOT = (r"anniversary", r"commemorat", r"call(?:ed|s)?\s+(?:for|on)", r"demand",
                    r"urg(?:e|ed)")
AID_BLOCKED = (
    r"no\s+(?:aid|convoy|humanitarian\s+\w+|relief|food\s+aid|supplies)[^.]{0,50}?"
    r"(?:has|have|had)\s+(?:been\s+able\s+to\s+)?(?:entered|reached|got|gotten|enter|reach|"
    r"been\s+allowed)",
    r"(?:aid|convoys?|trucks|relief|deliveries|supplies)\s+(?:\w+\s+){0,2}?(?:has|have|had|were|was)"
    r"\s+(?:been\s+)?(?:blocked|denied|turned\s+back|prevented|halted|stopped)",
    r"block(?:ed|ing)\s+(?:all\s+)?(?:aid|convoys|deliveries|humanitarian\s+access)",
    r"(?:denied|no)\s+(?:humanitarian\s+)?access", r"cut\s+off\s+from\s+(?:all\s+)?aid",
    r"humanitarian\s+corridors?\s+(?:\w+\s+)?(?:failed|collapsed)",
    r"without\s+(?:any\s+)?aid\s+since",
)
AID_BLOCKED_NOT = (r"call(?:ed|s)?\s+for", r"urg(?:e|ed)", r"demand")
AID_DELIVERED = (
    r"convoys?\s+(?:\w+\s+){0,5}?(?:entered|reached|arrived|got\s+into|delivered|made\s+it)",
    r"(?:aid|supplies|food|trucks)\s+(?:\w+\s+){0,3}?(?:was|were|has\s+been|have\s+been)\s+"
    r"(?:delivered|distributed|brought\s+in)",
    r"trucks\s+(?:\w+\s+){0,4}?(?:entered|reached|rolled\s+into)",
)
AID_DELIVERED_NOT = (r"\bno\b", r"\bnot\b", r"never", r"failed", r"unable", r"hope",
                     r"expected\s+to", r"could", r"would")
STOCK_DEPLETION = (
    r"run(?:ning)?\s+out", r"ran\s+out", r"(?:is|are|were|was)\s+exhausted", r"dwindl\w+",
    r"shortages?\s+of", r"depleted", r"will\s+(?:only\s+)?last", r"(?:has|have)\s+had\s+no",
    r"no\s+(?:more\s+)?(?:running\s+)?(?:water|food|fuel|flour|medicine|electricity)\s+since",
    r"without\s+(?:running\s+)?(?:water|food|fuel)\s+since", r"(?:is|are)\s+out\s+of",
)
STOCK_DEPLETION_NOT = (r"patience", r"\btime\b", r"stock\s+market", r"shares", r"prices?",
                       r"ideas", r"steam", r"luck")
EXHAUSTED = (r"ran\s+out", r"(?:have|has|had)\s+run\s+out", r"(?:is|are|were|was)\s+exhausted",
             r"(?:has|have)\s+had\s+no", r"no\s+(?:more\s+)?(?:running\s+)?\w+\s+since",
             r"without\s+(?:running\s+)?\w+\s+since", r"(?:is|are)\s+out\s+of", r"depleted")
COMMODITIES = {
    "food": "food", "foodstuffs": "food", "rations": "food", "baby formula": "food",
    "milk": "food", "flour": "flour", "wheat": "flour", "bread": "flour",
    "fuel": "fuel", "diesel": "fuel", "petrol": "fuel", "gasoline": "fuel",
    "medicine": "medicine", "medicines": "medicine", "medical supplies": "medicine",
    "drugs": "medicine", "insulin": "medicine", "antibiotics": "medicine",
    "water": "water", "blood": "blood",
}
CASUALTIES = (
    r"(?P<killed>{NUM})\s+(?:\w+\s+){0,3}?(?:were|have\s+been|had\s+been|was)\s+(?:\w+\s+)?killed",
    r"kill(?:ed|ing)\s+(?:at\s+least\s+|more\s+than\s+)?(?P<killed>{NUM})",
    r"(?P<killed>{NUM})\s+(?:\w+\s+){0,2}?(?:dead|deaths|died)",
    r"(?:left|leaving)\s+(?:at\s+least\s+)?(?P<killed>{NUM})\s+(?:people\s+)?dead",
    r"(?P<injured>{NUM})\s+(?:\w+\s+){0,2}?(?:were\s+|have\s+been\s+)?(?:injured|wounded)",
    r"(?:killing|injuring|wounding|left|leaving)\s+(?:{VAGUE})\s+(?:people\s+|civilians\s+)?"
    r"(?:dead|injured|wounded)?",
)
CASUALTIES_NOT = (r"since\s+the\s+(?:war|conflict)\s+(?:began|started)", r"since\s+(?:20|19)\d\d",
                  r"so\s+far\s+in\s+the\s+(?:war|conflict)", r"in\s+total\s+since",
                  r"since\s+the\s+start", r"over\s+the\s+course\s+of", r"death\s+toll\s+of\s+the\s+war",
                  r"starv", r"hunger", r"malnutrition", r"anniversary", r"commemorat",
                  r"road\s+accident", r"car\s+crash")
INJURED = r"(?P<injured>{NUM})\s+(?:others\s+|people\s+)?(?:were\s+|have\s+been\s+)?(?:injured|wounded)"
CASUALTIES_MORE = r"(?:and\s+)?(?P<killed>{NUM})\s+(?:others|more)\s+(?:in|at|near)\s+"
HEALTHCARE_ATTACK = (
    r"(?:strikes?|attacks?|shelling|bombing|airstrikes?|raids?)\s+(?:\w+\s+){0,3}?(?:on|against|"
    r"targeting|hit)\s+(?:\w+\s+){0,3}?(?:hospitals?|clinics?|maternity|health\s+(?:centres?|"
    r"centers?|facilit\w+)|medical\s+facilit\w+|ambulances?|blood\s+banks?)",
    r"(?:hospitals?|clinics?|maternity\s+(?:hospital|ward|unit)|health\s+(?:centres?|centers?|"
    r"facilit\w+)|ambulances?|blood\s+banks?)\s+(?:\w+\s+){0,4}?(?:was|were|has\s+been|have\s+been)"
    r"\s+(?:\w+\s+)?(?:hit|struck|bombed|shelled|destroyed|attacked|targeted|damaged)",
    r"(?:hit|struck|bombed|shelled|destroyed|attacked|targeted)\s+(?:\w+\s+){0,3}?(?:hospitals?|"
    r"clinics?|maternity|health\s+(?:centres?|centers?|facilit\w+)|blood\s+banks?)",
)
HEALTHCARE_ATTACK_NOT = (r"fundrais", r"donat", r"opened", r"inaugurat", r"funding", r"gala",
                         r"construction", r"renovat", r"cyber")
FACILITIES = (r"hospitals?", r"clinics?", r"maternity\s+(?:hospital|ward|unit)s?",
              r"health\s+(?:centres?|centers?|facilit\w+)", r"medical\s+facilit\w+",
              r"ambulances?", r"blood\s+banks?")
DISPLACEMENT = (
    r"(?P<people>{NUM})\s+(?:\w+\s+){0,3}?(?:have\s+fled|fled|were\s+displaced|have\s+been\s+displaced"
    r"|were\s+evacuated|have\s+been\s+evacuated|left\s+their\s+homes|were\s+forced\s+to\s+flee)",
    r"displac\w+\s+(?:more\s+than\s+|at\s+least\s+|some\s+|nearly\s+)?(?P<people>{NUM})",
    r"(?P<people>{NUM})\s+(?:\w+\s+){0,2}?displaced", r"evacuat\w+\s+(?:of\s+)?(?P<people>{NUM})",
)
DISPLACEMENT_NOT = (r"since\s+the\s+(?:war|conflict)\s+(?:began|started)", r"since\s+(?:20|19)\d\d",
                    r"half\s+(?:of\s+)?the\s+population", r"tourists", r"holiday")
FAMINE = (
    r"\bfamine\b", r"starved\s+to\s+death", r"died\s+(?:of|from)\s+(?:hunger|starvation|malnutrition)",
    r"starvation\s+deaths", r"deaths\s+from\s+(?:hunger|starvation|malnutrition)",
    r"(?:hunger|starvation)[- ]related\s+deaths",
)
FAMINE_NOT = (r"risk\s+of\s+famine", r"brink\s+of\s+famine", r"avert\s+(?:a\s+)?famine",
              r"threat\s+of\s+famine", r"hunger\s+strike", r"in\s+19\d\d", r"anniversary",
              r"historic", r"novel", r"film", r"warn\w*\s+of\s+(?:a\s+)?famine")
FAMINE_DEATHS = (r"(?P<deaths>{NUM})\s+(?:\w+\s+){0,3}?(?:have\s+)?(?:starved|died)",
                 r"(?P<deaths>{NUM})\s+(?:\w+\s+){0,2}?(?:starvation|hunger)[- ]related\s+deaths",
                 r"(?P<deaths>{NUM})\s+deaths")
POPULATION = r"(?P<population>{NUM})\s+(?:\w+\s+)?(?:residents|people|inhabitants|civilians)"

# Cheap word stems that must appear in a sentence before a type's full patterns are tried.
CUES = {
    "siege": ("besieg", "siege", "encircl", "blockade", "cut off", "surrounded"),
    "siege_lifted": ("siege",),
    "aid_blocked": ("aid", "convoy", "truck", "relief", "deliver", "suppl", "access",
                    "corridor"),
    "aid_delivered": ("convoy", "aid", "suppl", "food", "truck"),
    "stock_depletion": ("run out", "running out", "ran out", "exhausted", "dwindl", "shortage",
                        "deplet", "last", "had no", "no more", "since", "out of"),
    "casualties": ("kill", "dead", "death", "died", "injur", "wound"),
    "healthcare_attack": ("hospital", "clinic", "maternity", "health", "medical", "ambulance",
                          "blood bank"),
    "displacement": ("fled", "displac", "evacuat", "flee", "homes"),
    "famine": ("famine", "starv", "hunger", "malnutrition"),
}
