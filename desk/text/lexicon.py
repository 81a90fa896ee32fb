"""Word lists about names: titles that belong to a name, words that only look like names,
and demonyms that stand for a country. Shared by tag suggestion and speaker display."""

from __future__ import annotations

from typing import Final

TITLES: Final = frozenset(
    """
    president vice prime minister ministers chancellor secretary general foreign defence defense
    interior finance economy health justice state deputy premier king queen prince princess pope
    energy transport education culture environment agriculture
    sheikh emir sultan crown senator sen rep representative congressman congresswoman governor
    gov mayor chairman chairwoman chair chief executive ceo director spokesman spokeswoman
    spokesperson ambassador envoy commander lieutenant colonel col captain capt major sergeant
    admiral marshal mr mrs ms miss dr prof professor sir dame lord lady judge justice attorney
    leader head officer official coach manager striker midfielder defender goalkeeper
    """.split()
)

# Capitalised words that open sentences or name times, not people, places or organisations.
NOT_NAMES: Final = frozenset(
    """
    the a an and but or nor so yet for if as at by in on of to up with from into onto over under
    after before during since until while when where which who whom whose what why how
    he she it they we i you his her its their our my your this that these those there here
    then than also however meanwhile although though because yet still now today tonight
    yesterday tomorrow earlier later last next first second third one two three four five
    monday tuesday wednesday thursday friday saturday sunday
    mondays tuesdays wednesdays thursdays fridays saturdays sundays
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thurs fri sat sun am pm bst gmt utc est
    read share follow click subscribe related previous next update updated breaking exclusive
    photo video watch listen advertisement copyright reporting editing writing
    no not yes all some many most more much any each every other such only just even
    according asked speaking despite amid among i've i'm i'd i'll it's that's
    already currently finally clearly indeed perhaps maybe instead moreover thus wait again
    initially ultimately separately similarly likewise nevertheless nonetheless notably
    generally certainly obviously apparently unfortunately fortunately importantly
    rather otherwise besides overall anyway
    """.split()
)

# Number words: "Forty-one percent said" opens with a number, not a name.
NUMBERS: Final = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands million millions dozen dozens half
    """.split()
)

# Lowercase words inside a name (Osama bin Laden, Ursula von der Leyen); a set: the speaker
# finder asks about nearly every word it reads.
PARTICLES: Final = frozenset(("bin", "ibn", "al", "el", "de", "da", "di", "du", "van", "von", "der",
                              "den", "la", "le", "of"))

DEMONYMS: Final = {
    "afghan": "afghanistan", "albanian": "albania", "algerian": "algeria",
    "american": "united states", "argentine": "argentina", "argentinian": "argentina",
    "australian": "australia", "austrian": "austria", "belgian": "belgium",
    "brazilian": "brazil", "british": "britain", "bulgarian": "bulgaria",
    "canadian": "canada", "chilean": "chile", "chinese": "china", "colombian": "colombia",
    "croatian": "croatia", "cuban": "cuba", "czech": "czech republic", "danish": "denmark",
    "dutch": "netherlands", "egyptian": "egypt", "english": "england", "ethiopian": "ethiopia",
    "european": "europe", "finnish": "finland", "french": "france", "german": "germany",
    "greek": "greece", "hungarian": "hungary", "indian": "india", "indonesian": "indonesia",
    "iranian": "iran", "iraqi": "iraq", "irish": "ireland", "israeli": "israel",
    "italian": "italy", "japanese": "japan", "jordanian": "jordan", "kenyan": "kenya",
    "korean": "korea", "kurdish": "kurds", "lebanese": "lebanon", "libyan": "libya",
    "malaysian": "malaysia", "mexican": "mexico", "moroccan": "morocco", "nigerian": "nigeria",
    "norwegian": "norway", "pakistani": "pakistan", "palestinian": "palestinians",
    "peruvian": "peru", "philippine": "philippines", "polish": "poland",
    "portuguese": "portugal", "romanian": "romania", "russian": "russia",
    "saudi": "saudi arabia", "scottish": "scotland", "serbian": "serbia",
    "somali": "somalia", "spanish": "spain", "sudanese": "sudan", "swedish": "sweden",
    "swiss": "switzerland", "syrian": "syria", "taiwanese": "taiwan", "thai": "thailand",
    "tunisian": "tunisia", "turkish": "turkey", "ukrainian": "ukraine",
    "venezuelan": "venezuela", "vietnamese": "vietnam", "welsh": "wales", "yemeni": "yemen",
}
