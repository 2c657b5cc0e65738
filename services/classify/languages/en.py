"""English surface forms: numbers, dates, places and the trigger patterns of each signal type.

Same names as `fr.py`; see there for what each table and placeholder means.
"""

# A made-up dispatch read once when a worker starts, so that everything built on first use is
# built then (see `extract.warm_up`).
SAMPLE = ("Twelve civilians were killed in Port Harcourt, Nigeria, on Monday. The town has been "
          "under siege since March 2 and its fuel will run out in two weeks.")

# --- numbers ---------------------------------------------------------------------------
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "a dozen",
)
VAGUE_QUANTITIES = ("several", "dozens of", "hundreds of", "thousands of", "many", "scores of",
                    "a number of", "some", "dozens", "hundreds", "scores", "a dozen or so")
ONE_WORDS = ("a", "an", "one")
SCALES = {"million": 1_000_000, "millions": 1_000_000, "billion": 1_000_000_000,
          "thousand": 1000}
THOUSANDS_SEPARATORS = ","
DECIMAL_MARK = "."
APPROXIMATORS = ("more than", "at least", "nearly", "almost", "about", "around", "some",
                 "over", "up to", "roughly", "an estimated", "fewer than", "less than")
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
# How long a stock lasts: "would last only three more days", "enough fuel for a week".
DURATION = (r"(?:last(?:s|ed)?|for)\s+(?:(?:only|another|just|about|around|roughly)\s+)?"
            r"(?P<n>{NUM}|an?)\s+(?:more\s+|further\s+)?(?P<unit>days?|weeks?|months?)")
PAST_OFFSET = r"(?P<n>{NUM})\s+(?P<unit>days?|weeks?|months?)\s+ago"
DAY_MONTH = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>\d{4}))?"
MONTH_DAY = r"(?P<month>{MONTH})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?"
MID_MONTH = r"(?:the\s+)?(?:mid-|middle\s+of\s+)(?P<month>{MONTH})"
MONTH_YEAR = r"(?P<month>{MONTH})\s+(?P<year>\d{4})"
WEEKDAY = r"(?P<next>next\s+)?(?P<weekday>{WEEKDAY})"
SINCE_WORDS = ("since", "from", "as of", "starting")
DEADLINE_WORDS = ("by", "before", "within", "in", "until", "as early as", "beyond")
REPORTING_WORDS = ("said", "said on", "announced", "announced on", "reported", "reported on",
                   "told reuters on", "told afp on", "warned", "warned on", "added", "added on",
                   "confirmed", "confirmed on", "stated", "stated on")
# Verbs that date the start of a siege or a blockade when no "since" does ("ordered a
# complete siege on Monday": the siege runs from Monday).
START_WORDS = ("ordered", "imposed", "laid siege", "completed the encirclement", "closed",
               "sealed off")

# --- places ----------------------------------------------------------------------------
COUNTRIES = {
    "syria": "SY", "ukraine": "UA", "yemen": "YE", "sudan": "SD", "south sudan": "SS",
    "ethiopia": "ET", "somalia": "SO", "myanmar": "MM", "burma": "MM", "haiti": "HT",
    "palestine": "PS", "palestinian territories": "PS", "lebanon": "LB", "iraq": "IQ",
    "russia": "RU", "afghanistan": "AF", "libya": "LY", "mali": "ML", "niger": "NE",
    "nigeria": "NG", "chad": "TD", "cameroon": "CM", "burkina faso": "BF", "israel": "IL",
    "drc": "CD", "democratic republic of the congo": "CD", "democratic republic of congo": "CD",
    "congo": "CD", "turkey": "TR", "jordan": "JO", "egypt": "EG", "tigray": "ET",
    "darfur": "SD", "rwanda": "RW", "bosnia": "BA",
}
ADJECTIVES = {
    "syrian": "SY", "ukrainian": "UA", "yemeni": "YE", "sudanese": "SD", "ethiopian": "ET",
    "somali": "SO", "haitian": "HT", "palestinian": "PS", "congolese": "CD",
    "burmese": "MM", "south sudanese": "SS", "gazan": "PS", "gazans": "PS",
    "tigrayan": "ET", "rwandan": "RW", "bosnian": "BA", "malian": "ML", "nigerien": "NE",
    "nigerian": "NG", "burkinabe": "BF", "central african": "CF", "mozambican": "MZ",
    "iraqi": "IQ", "libyan": "LY", "afghan": "AF",
}
NOT_PLACES = (
    "the", "a", "an", "but", "and", "or", "on", "in", "at", "by", "for", "since", "after",
    "before", "no", "its", "it", "he", "she", "they", "we", "this", "that", "these", "those",
    "un", "united", "nations", "security", "council", "president", "moscow", "washington",
    "beijing", "tehran", "riyadh", "ankara",
    "paris", "brussels", "geneva", "new york", "red", "cross", "world", "food", "programme",
    "health", "organization", "observatory", "european", "union", "reuters", "afp", "mr",
    "mrs", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "march", "may", "city", "town", "troy", "parliament", "senate", "stock", "exchange",
    "london", "street", "wall", "aid", "most", "some", "more", "about", "nearly", "old city",
    "army", "forces", "government", "rescue", "doctors", "residents", "officials", "hospital",
    "mortar", "trucks", "fuel", "life", "power", "survivors", "celebrations", "mourners",
    "talks", "shares", "investors", "fighting", "artillery", "air", "one", "two", "three",
)
# Words that name a place as a landmark for another ("north-west of Damascus").
LANDMARKS = ("north of", "south of", "east of", "west of", "northwest of", "north-west of",
             "northeast of", "north-east of", "southwest of", "south-west of", "southeast of",
             "south-east of", "near", "close to", "outside", "km from", "kilometres from",
             "miles from", "road to", "province of", "suburbs of", "outskirts of", "off the coast of",
             "capital of")
# The same, written after the place ("in Idlib province").
LANDMARKS_AFTER = ("province", "governorate", "region", "neighbourhood", "neighborhood", "district")
# Verbs of saying after a capital that opens its sentence or clause, besides REPORTING_WORDS:
# the government speaks ("Moscow says...", "Kyiv estimates that..."), the city is not the
# place of the fact.
SPEAKING_VERBS = ("says", "claims", "claimed", "estimates", "estimated", "accuses", "accused",
                  "denies", "denied", "warns", "condemned", "condemns", "demands", "demanded",
                  "insists", "insisted", "responded", "has said", "has accused", "has denied",
                  "has warned", "has estimated")
# Words that may follow a place inside a longer capitalised name ("Gaza City", "Kharkiv
# Oblast"); any other word makes the name a person's or an institution's ("Kamal Adwan").
PLACE_KINDS = ("city", "province", "governorate", "region", "district", "oblast", "strip",
               "state", "camp", "town")
ORIGINS = ("from", "back to")
LOCATIVES = ("in", "at", "of", "near", "to", "into", "from", "city of", "town of", "outside")
CLAUSE_BREAKS = (", and ", "; ", ", but ", " while ", ", as ")

# --- signals ---------------------------------------------------------------------------
_HISTORIC_YEAR = r"\b(?:1[0-8]\d\d|19[0-4]\d)\b"
_BACKGROUND_SINCE = (r"since\s+the\s+(?:war|conflict|invasion|fighting|uprising)\s+(?:began|started"
                     r"|erupted|broke\s+out)", r"since\s+(?:(?:\d{1,2}\s+)?{MONTH}\s+)?(?:20|19)\d\d",
                     r"since\s+the\s+start\s+of\s+the\s+(?:war|conflict|invasion)")

SIEGE = (
    r"besieg\w*", r"under\s+(?:a\s+|the\s+)?(?:[\w-]+\s+){0,2}?siege",
    r"encircl\w*", r"surrounded\s+by\s+(?:\w+\s+){0,2}?(?:forces|troops|fighters|militias?|army)",
    r"(?:full|total|complete|tight)\s+blockade", r"under\s+(?:a\s+)?blockade",
    r"siege[\"”]?\s+(?:of|on)\b", r"(?:laid|lay|laying|imposed|ordered)\s+(?:a\s+)?"
    r"(?:[\w\"“”-]+\s+){0,2}?siege", r"cut\s+off\s+from\s+the\s+outside\s+world",
    r"cut\s+off\s+by\s+(?:a|the)\s+(?:[\w-]+\s+){0,2}?siege",
    r"sealed\s+off\b[^.;]{0,80}?\bsince\b",
)
SIEGE_NOT = (
    r"siege\s+mentality", r"anniversary", r"commemorat", r"museum", r"exhibition", r"\bfilm\b",
    r"\bmovie\b", r"novel", r"documentary", r"\btroy\b", r"years\s+ago",
    r"\d+\s+years\s+(?:since|after)", r"\bmarked\b", r"historic", r"could\s+(?:\w+\s+)?(?:be|come)",
    r"threat\s+of\s+(?:a\s+)?siege", r"fears?\s+of\s+(?:a\s+)?siege", r"football", r"\bgoal",
    r"defen[cs]e\s+(?:was|held)", r"\bstocks?\b", r"shares",
    r"(?:almost|nearly|partly|partially|virtually|half)\s+(?:\w+\s+)?(?:encircled|surrounded|"
    r"besieged)", r"siege\s+lasted", r"\bother\s+besieged",
    r"had\s+been\s+(?:\w+\s+)?(?:encircled|besieged|cut\s+off|under\s+siege)",
    r"(?:\bis|\bare|\bwas|\bwere)(?:\s+not|n't)\s+(?:\w+\s+)?(?:encircled|besieged|surrounded|"
    r"under\s+siege)", _HISTORIC_YEAR,
)
SIEGE_LIFTED = (
    r"siege\s+(?:of\s+[^.]{0,60}?)?(?:was|has\s+been|had\s+been|is)\s+(?:\w+\s+)?(?:lifted|broken)",
    r"lift(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?(?:the|its|a)\s+(?:[\w-]+\s+){0,2}?(?:siege|blockade|"
    r"encirclement)", r"end\s+(?:of|to)\s+the\s+siege",
    r"(?:broke|broken|breaking|break)\s+(?:\w+\s+){0,2}?(?:the|a)\s+(?:[\w-]+\s+){0,2}?siege",
    r"siege\s+(?:ended|came\s+to\s+an\s+end|is\s+over|was\s+over)",
    r"end(?:ed|ing|s)\s+(?:a|the|its)\s+(?:[\w-]+\s+){0,3}?(?:siege|encirclement|blockade)",
)
SIEGE_LIFTED_NOT = (r"anniversary", r"commemorat", r"call(?:ed|s|ing)?\s+(?:for|on)", r"demand",
                    r"urg(?:e|ed|ing)", r"\bask", r"\bhelp\b", _HISTORIC_YEAR)
_AID_THING = (r"aid|convoys?|relief|food|supplies|trucks?|deliver\w*|tankers?|ships?|"
              r"shipments?|assistance|fuel")
AID_BLOCKED = (
    r"(?:\bno|not\s+a\s+single|not\s+one)\s+(?:[\w,'-]+\s+){0,3}?(?:" + _AID_THING + r")\b"
    r"[^.;]{0,60}?\b(?:has|have|had|was|were|will|would|could|can)\s+(?:not\s+)?(?:been\s+)?"
    r"(?:able\s+to\s+|allowed\s+(?:to\s+)?)?(?:entered|reached|got|gotten|enter|reach|dock|land|"
    r"cross|delivered|allowed|arrived|crossed|made\s+it|be\s+allowed)",
    r"(?:received|got|seen)\s+no\s+(?:[\w-]+\s+){0,2}?(?:aid|relief|supplies|convoys?|deliveries|"
    r"assistance)",
    r"(?:aid|convoys?|trucks|relief|deliveries|supplies|shipments?)\b[^.;]{0,90}?\b(?:has|have|"
    r"had|were|was|are|is|remain|remains)\s+(?:been\s+)?(?:\w+\s+)?(?:blocked|denied|turned\s+"
    r"back|prevented|stranded|held\s+up|refused)",
    r"(?:convoys?|trucks|flights?)\b[^.;]{0,80}?\b(?:turn(?:ed)?\s+back|forced\s+to\s+(?:turn|retreat))",
    r"(?:aid|convoys?|trucks|deliveries)\b[^.;]{0,60}?\b(?:halted|stopped)\s+(?:at|by)\b",
    r"block(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?(?:aid|convoys|deliveries|humanitarian\s+access|"
    r"access|roads?\s+(?:into|to)|routes?\s+(?:into|to))",
    r"block(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?(?:main\s+)?(?:roads?|routes?)\s+(?:into|to)",
    r"stopping\s+(?:[\w-]+\s+){0,4}?(?:aid|convoys|trucks|deliveries)\b[^.;]{0,30}?\bfrom\s+"
    r"(?:reaching|entering)",
    r"(?:convoys?|trucks|aid|deliveries)\s+(?:\w+\s+)?(?:denied|refused)\s+(?:access|entry)",
    r"(?:denied|no)\s+(?:humanitarian\s+)?access",
    r"access\s+(?:to\s+[^.;]{0,60}?)?(?:has|had|have|was|is)\s+(?:been\s+)?(?:\w+\s+)?(?:cut|"
    r"blocked|denied|suspended|halted)\b", r"cut\s+off\s+from\s+(?:all\s+)?aid",
    r"humanitarian\s+corridors?\s+(?:\w+\s+)?(?:failed|collapsed)",
    r"without\s+(?:any\s+)?aid\s+since",
    r"(?:aid|relief|humanitarian)\s+(?:agencies|groups|workers|organi[sz]ations|teams|convoys?)\b"
    r"[^.;]{0,40}?\b(?:have|has|had|were|was|are|is)\s+(?:still\s+)?(?:been\s+)?(?:unable|not\s+"
    r"able)\s+to\s+(?:reach|enter|access|get\s+(?:into|to))",
    r"(?:programme|program|agency|unicef|unrwa|ocha|icrc|red\s+cross|red\s+crescent|msf)\b[^.;]{0,40}?"
    r"\b(?:has|have|had)\s+(?:still\s+)?not\s+been\s+able\s+to\s+(?:reach|enter|access|deliver)",
    r"prevent(?:ed|ing|s)?\s+(?:all\s+|any\s+)?(?:aid|convoys|trucks|food|supplies|deliveries|"
    r"humanitarian)\b[^.;]{0,40}?\bfrom\s+(?:reaching|entering|getting)",
    r"(?:halted|suspended|stopped|cut\s+off|banned|barred|blocked)\s+(?:all\s+)?(?:the\s+)?(?:entry\s+of\s+"
    r"(?:all\s+)?)?(?:(?:fuel|food|aid)\s+)?(?:aid|deliveries|convoys|supplies|humanitarian\s+(?:aid|"
    r"assistance|supplies))\s+(?:into|to|from\s+entering)",
    r"(?:aid|convoys?|supplies|deliveries|assistance)\b[^.;]{0,40}?\b(?:has|have|had)\s+not\s+"
    r"(?:been\s+able\s+to\s+)?(?:reached|entered|arrived|got\s+(?:in|through)|been\s+allowed)",
)
AID_BLOCKED_NOT = (r"call(?:ed|s|ing)?\s+for", r"urg(?:e|ed|ing)", r"demand",
                   r"den(?:y|ies|ied|ying)\s+(?:\w+\s+){0,2}?(?:block|obstruct|restrict|imped|that|"
                   r"claims|reports|accusations)", r"reject", r"\bif\b", r"\bunless\b",
                   r"agreed\s+to\s+let", r"reach\s+(?:an?\s+)?(?:agreement|deal|consensus|decision|"
                   r"compromise)")
AID_DELIVERED = (
    r"convoys?\b[^.;]{0,120}?\b(?:entered|reached|arrived|got\s+into|delivered|made\s+it|"
    r"rolled\s+into|crossed\s+into)",
    r"(?:aid|supplies|food|trucks|relief|parcels|rations)\b[^.;]{0,40}?\b(?:was|were|has\s+been|"
    r"have\s+been|had\s+been)\s+(?:\w+\s+)?(?:delivered|distributed|brought\s+in|handed\s+out)",
    r"trucks?\b[^.;]{0,80}?\b(?:entered|reached|rolled\s+into|arrived|crossed\s+into)",
    r"(?:relief|aid|cargo|humanitarian)\s+(?:planes?|flights?|airlifts?)\b[^.;]{0,80}?\b(?:landed|"
    r"touched\s+down|arrived|reached)",
    r"(?:delivered|distributed|handed\s+over|handed\s+out|brought\s+in)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:food|aid|supplies|parcels|rations|medicines?|flour|relief)",
    r"(?:safe[\s-]passage|evacuation|humanitarian|relief|aid)\s+(?:operations?|missions?|teams?)\b"
    r"[^.;]{0,100}?\b(?:reached|entered|got\s+into|arrived\s+in)",
)
AID_DELIVERED_NOT = (r"\bno\b", r"\bnot\b", r"never", r"failed", r"unable", r"hope",
                     r"expected\s+to", r"could", r"would", r"agreed\s+to", r"\bwill\b",
                     r"\blast\s+(?:\w+\s+)?(?:rations|stocks|supplies)",
                     r"\bden(?:y|ies|ied|ying)\b",  # a party's claim, not a report of aid
                     # a flow, not an event: "100 trucks a day"
                     r"\b(?:trucks?|lorries|convoys?|flights?)\s+(?:a|per)\s+day\b")
STOCK_DEPLETION = (
    r"run(?:ning)?\s+(?:out|dry|low)", r"ran\s+(?:out|dry)", r"(?:is|are|were|was|been|be)\s+"
    r"exhausted", r"dwindl\w+", r"shortages?\s+of", r"depleted",
    r"(?:(?:will|would)\s+(?:only\s+|not\s+)?|won't\s+|wouldn't\s+)last\b",
    r"down\s+to\s+(?:its|their|the|our|his|her)\s+last",
    r"enough\s+(?:[\w-]+\s+){0,2}?(?:{COMMODITY})\s+(?:left\s+)?(?:for|to\s+last)\s+(?:only\s+|"
    r"another\s+|just\s+)?(?:{NUM}|an?)\s+(?:more\s+)?(?:days?|weeks?)",
    r"last\s+only\s+until", r"(?:has|have)\s+had\s+no",
    # "no fuel for ten days", not "no fuel for humanitarian operations has been allowed in"
    r"no\s+(?:more\s+)?(?:running\s+)?(?:{COMMODITY})\s+(?:since|left|for\s+(?:(?:the\s+)?"
    r"(?:past|last)\s+)?(?:\w+\s+)?(?:days?|weeks?|months?)\b)",
    r"(?:been|are|is|were|was|left|live|living)\s+without\s+(?:any\s+)?(?:running\s+)?"
    r"(?:{COMMODITY})\b", r"(?:is|are)\s+out\s+of", r"(?:be|been|is|are|was|were)\s+used\s+up",
    r"for\s+(?:lack|want)\s+of\s+(?:{COMMODITY})\b",
    r"last\s+(?:\w+\s+){0,2}?(?:rations|stocks|supplies|sacks|tins)\b[^.;]{0,40}?\b(?:were|was|"
    r"have\s+been|had\s+been)\s+(?:handed\s+out|distributed|used)",
)
STOCK_DEPLETION_NOT = (r"patience", r"\btime\b", r"stock\s+market", r"shares", r"ideas",
                       r"steam", r"luck", r"options")
EXHAUSTED = (r"ran\s+(?:out|dry)", r"(?:have|has|had)\s+(?:\w+\s+)?run\s+(?:out|dry)",
             r"(?:is|are|were|was)\s+exhausted", r"(?:has|have)\s+had\s+no",
             r"no\s+(?:more\s+)?(?:running\s+)?\w+\s+(?:since|left)",
             r"(?:been|are|is|were|was|left|live|living)\s+without",
             r"(?:is|are)\s+out\s+of", r"depleted", r"(?:has|have|had)\s+been\s+used\s+up",
             r"(?:was|were)\s+used\s+up",
             r"for\s+(?:lack|want)\s+of", r"last\s+(?:\w+\s+){0,2}?(?:rations|stocks|supplies)")
COMMODITIES = {
    "food": "food", "foodstuffs": "food", "rations": "food", "baby formula": "food",
    "milk": "food", "rice": "food", "flour": "flour", "wheat": "flour", "bread": "flour",
    "fuel": "fuel", "diesel": "fuel", "petrol": "fuel", "gasoline": "fuel",
    "medicine": "medicine", "medicines": "medicine", "medical supplies": "medicine",
    "drugs": "medicine", "insulin": "medicine", "antibiotics": "medicine",
    "anaesthetics": "medicine", "anesthetics": "medicine",
    "water": "water", "wells": "water", "blood": "blood", "oxygen": "other",
}
OBJECT_WORDS = ("of", "no", "without")
LIST_WORDS = ("and", "or", "the", "of", "some", "its", "their")
_ONE_NOUN = r"(?!number\b|total\b|further\b|few\b|lot\b|dozen\b)[\w-]+"
CASUALTIES = (
    r"(?P<killed>{NUM})\s+(?:[\w'’-]+,?\s+){0,6}?(?:were|have\s+been|had\s+been|was|are)\s+"
    r"(?:\w+\s+)?(?:killed|shot\s+dead)",
    r"kill(?:ed|ing|s)\s+(?:at\s+least\s+|more\s+than\s+|nearly\s+|some\s+|about\s+)?"
    r"(?P<killed>{NUM})",
    r"kill(?:ed|ing|s)\s+(?P<killed>{ONE})\s+" + _ONE_NOUN,
    r"(?P<killed>{NUM})\s+(?:[\w'’-]+\s+){0,2}?(?:dead|deaths|died)\b",
    r"(?:left|leaving)\s+(?:at\s+least\s+)?(?P<killed>{NUM})\s+(?:people\s+)?dead",
    r"(?P<injured>{NUM})\s+(?:[\w'’-]+\s+){0,2}?(?:were\s+|have\s+been\s+)?(?:injured|wounded)",
    r"(?:killing|injuring|wounding|killed|injured|wounded|left|leaving)\s+(?:{VAGUE})\b",
    r"(?:wound|injur)(?:ed|ing)\s+(?P<injured>{ONE})\s+" + _ONE_NOUN,
    r"(?:were|was|have\s+been|had\s+been)\s+(?:\w+\s+)?killed\b",
)
CASUALTIES_NOT = (*_BACKGROUND_SINCE, r"so\s+far\s+in\s+the\s+(?:war|conflict)",
                  r"in\s+total\s+since", r"over\s+the\s+course\s+of",
                  r"death\s+toll\s+of\s+the\s+war",
                  r"(?:war|conflict|siege)\b[^.;]{0,100}?\b(?:killed|has\s+killed|left)",
                  r"\bit\s+has\s+killed", r"\bkilled\s+in\s+\w+'s\s+(?:civil\s+)?war\b",
                  r"earthquake",
                  r"starv", r"hunger", r"malnutrition", r"anniversary", r"commemorat",
                  r"road\s+accident", r"car\s+crash", _HISTORIC_YEAR)
INJURED = (r"(?P<injured>{NUM})\s+(?:others\s+|people\s+)?(?:were\s+|have\s+been\s+)?"
           r"(?:injured|wounded)",
           r"(?:wound|injur)(?:ed|ing)\s+(?:at\s+least\s+|more\s+than\s+|some\s+)?"
           r"(?P<injured>{NUM}|{ONE})\b")
CASUALTIES_MORE = r"(?:and\s+)?(?P<killed>{NUM})\s+(?:others|more)\s+(?:in|at|near)\s+"
HEALTHCARE_ATTACK = (
    r"(?:strikes?|attacks?|shelling|bombing|bombardment|airstrikes?|raids?|explosions?|blasts?|"
    r"missiles?|shells?|rockets?|gunfire)\b[^.;]{0,50}?\b(?:on|against|targeting|hit|hitting|"
    r"struck|striking|ripped\s+through|destroyed|destroying)\s+(?:[\w'’-]+\s+){0,6}?(?:{FACILITY})",
    r"(?:{FACILITY})\b[^.;]{0,80}?\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?"
    r"(?:hit|struck|bombed|shelled|destroyed|attacked|targeted|damaged|raided|stormed|looted|"
    r"knocked\s+out|put\s+out\s+of)",
    r"(?:hit|struck|bombed|shelled|destroyed|attacked|targeted|raided|stormed|looted|damaged)\s+"
    r"(?:[\w'’-]+\s+){0,6}?(?:{FACILITY})",
    r"(?:shells?|rockets?|missiles?|bombs?|mortars?)\s+(?:\w+\s+)?(?:landed|fell|exploded)\s+"
    r"(?:in|on|near|inside)\s+(?:the\s+)?(?:{FACILITY})",
    r"(?:{FACILITY})\b[^.;]{0,60}?\b(?:came|come|comes|coming)\s+under\s+(?:fire|attack|shelling|"
    r"bombardment)",
    r"(?:{FACILITY})\b[^.;]{0,100}?\b(?:after|when|as)\s+(?:[\w-]+\s+){0,3}?(?:stormed|raided|"
    r"attacked|shelled|bombed|struck|looted)",
)
HEALTHCARE_ATTACK_NOT = (r"fundrais", r"donat", r"opened", r"inaugurat", r"funding", r"gala",
                         r"construction", r"renovat", r"cyber", r"evacuation\s+orders?",
                         r"\bnot\s+(?:been\s+)?(?:hit|struck|damaged|bombed|shelled|destroyed|"
                         r"attacked|targeted)")
FACILITIES = (r"hospitals?", r"clinics?", r"maternity\s+(?:hospital|ward|unit)s?",
              r"health\s+(?:centres?|centers?|facilit\w+|posts?)",
              r"medical\s+(?:facilit\w+|centres?|centers?|points?)", r"ambulances?",
              r"blood\s+banks?", r"(?:treatment|trauma|cholera)\s+(?:centres?|centers?)")
FACILITY_JOINERS = (",", "and", "as well as")
DISPLACEMENT = (
    r"(?P<people>{NUM})\s+(?:[\w'’-]+,?\s+){0,8}?(?:[^,.;]{1,70},\s+)?(?:have\s+|had\s+)?(?:fled|"
    r"left|escaped|"
    r"were\s+displaced|have\s+been\s+displaced|had\s+been\s+displaced|were\s+evacuated|were\s+uprooted|"
    r"have\s+been\s+evacuated|were\s+forced\s+to\s+flee|crossed\s+into)\b"
    r"(?!\s+(?:\w+\s+){0,2}?(?:dead|injured|wounded|homeless|behind))",
    r"(?P<people>{NUM})\s+(?:[\w-]+\s+){0,2}?displaced\b",
    r"displac\w+\s+(?:more\s+than\s+|at\s+least\s+|some\s+|nearly\s+|about\s+)?(?P<people>{NUM})",
    r"evacuat\w+\s+(?:of\s+)?(?P<people>{NUM})",
    r"(?:carried|bused|bussed|took|moved|brought)\s+(?:\w+\s+)?(?P<people>{NUM})\s+(?:[\w-]+\s+)"
    r"{0,2}?(?:out|away)\b",
    r"(?:brought|carried|bused|bussed|took)\s+out\s+(?:\w+\s+)?(?P<people>{NUM})",
    r"(?:{VAGUE})\s+(?:[\w'’-]+\s+){0,6}?(?:have\s+|had\s+)?(?:walked\s+into|poured\s+into|"
    r"streamed\s+into|flocked\s+to)",
)
DISPLACEMENT_NOT = (*_BACKGROUND_SINCE, r"half\s+(?:of\s+)?the\s+population", r"tourists",
                    r"holiday", r"\breturn")
FAMINE = (
    r"\bfamine\b", r"starved\s+to\s+death",
    r"died\s+(?:of|from)\s+(?:severe\s+|acute\s+)?(?:hunger|starvation|malnutrition)",
    r"starvation\s+deaths", r"deaths\s+from\s+(?:hunger|starvation|malnutrition)",
    r"(?:hunger|starvation)[- ]related\s+deaths",
)
FAMINE_NOT = (r"risk\s+of\s+famine", r"brink\s+of\s+famine", r"avert\s+(?:a\s+)?famine",
              r"threat\s+of\s+famine", r"hunger\s+strike", r"anniversary", r"historic", r"novel",
              r"\bfilm\b", r"warn\w*\s+of\s+(?:a\s+)?famine", r"could\s+(?:\w+\s+){0,2}?famine",
              r"commemorat", r"memorial", r"remember", r"honour", r"great\s+famine",
              r"imminent", r"looming", r"declared\s+when", r"warn\w*\s+that\s+(?:a\s+)?famine", r"projected",
              _HISTORIC_YEAR)
FAMINE_DEATHS = (r"bringing\s+to\s+(?P<deaths>{NUM})\s+(?:the\s+)?(?:number|toll)",
                 r"(?P<deaths>{NUM})\s+(?:[\w'’-]+,?\s+){0,5}?(?:have\s+|had\s+)?(?:starved|died)",
                 r"(?P<deaths>{NUM})\s+(?:\w+\s+){0,2}?(?:starvation|hunger)[- ]related\s+deaths",
                 r"(?P<deaths>{NUM})\s+deaths")
POPULATION = (
    r"(?P<population>{NUM})\s+(?:[\w-]+\s+)?(?:residents|people|inhabitants|civilians)\s+"
    r"(?:\w+\s+){0,3}?(?:trapped|living|live|remain|remaining|stranded|inside|believed\s+to\s+"
    r"remain)",
    r"home\s+to\s+(?:about\s+|some\s+|around\s+|more\s+than\s+|nearly\s+)?(?P<population>{NUM})",
    r"population\s+of\s+(?:about\s+|some\s+|around\s+)?(?P<population>{NUM})",
    r"trapping\s+(?:about\s+|an\s+estimated\s+|some\s+|more\s+than\s+)?(?P<population>{NUM})",
    r"(?:territory|city|town|enclave|area|district)\s+of\s+(?:about\s+|some\s+|around\s+|"
    r"nearly\s+|more\s+than\s+)?(?P<population>{NUM})\s+(?:people|residents|inhabitants)",
)

CUES = {
    "siege": ("besieg", "siege", "encircl", "blockade", "cut off", "surrounded", "sealed"),
    "siege_lifted": ("lift", "end", "broken", "broke ", "break", "is over", "was over"),
    "aid_blocked": ("aid", "convoy", "truck", "relief", "deliver", "suppl", "access",
                    "corridor", "tanker", "ship", "food", "fuel", "assistance", "block",
                    "stopping", "unable", "flight", "not been able"),
    "aid_delivered": ("convoy", "truck", "deliver", "distribut", "handed", "brought", "landed",
                      "touched down",
                      *(f"{who} {what}" for who in ("safe-passage", "safe passage", "evacuation",
                                                    "humanitarian", "relief", "aid")
                        for what in ("operation", "mission", "team"))),
    "stock_depletion": ("run", "ran", "exhausted", "dwindl", "shortage", "deplet", "last", "enough",
                        "down to",
                        "had no", "no more", "no running", "no water", "no food", "no fuel",
                        "no flour", "no bread", "no medicine", "no electricity", "without",
                        "out of", "used up", "lack", "want of"),
    "casualties": ("kill", "dead", "death", "died", "injur", "wound", "left", "leaving"),
    "healthcare_attack": ("hospital", "clinic", "maternity", "health", "medical", "ambulance",
                          "blood bank", "treatment", "trauma", "cholera"),
    "displacement": ("fled", "left", "escaped", "displac", "evacuat", "flee", "crossed", "uproot",
                     "carried", "bused", "bussed", "took", "moved", "brought", "walked",
                     "poured", "streamed", "flocked"),
    "famine": ("famine", "starv", "hunger", "malnutrition"),
}
