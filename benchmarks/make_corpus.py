"""Generate a deterministic benchmark corpus of invented news articles.

    python benchmarks/make_corpus.py --articles 10000 --seed 1 OUT/

Writes ``OUT/sNNNNN/aNN.md`` (Markdown with YAML front matter and a dateline), about 4 KB each, about ten
articles per story. Every story has its own invented places, people, organisations and figures (a
distance, an area, counts of dead, injured and evacuated, a cost, a share, a depth), stated in varied units
(km/miles, hectares/acres/km², $/€/£), with hedges ("about", "at least", "less than" …) and number words.
A small, known share of articles carries a planted contradiction (one figure off by 30-100 %) or a
misspelling (a name with one letter changed, used twice in that article). ``OUT/.manifest.json`` lists the
stories, their true figures and everything planted
(hidden, so that ``factcheck run OUT/`` does not read it as an article), so a benchmark can check recall too.

Stdlib only; the same ``--articles`` and ``--seed`` give the same bytes on every machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".manifest.json"  # hidden, so that factcheck does not read it as an article
ARTICLES_PER_STORY = 10
CONTRADICTION_RATE = 0.03  # share of articles with one figure changed
MISSPELLING_RATE = 0.03  # share of articles with one name misspelt (twice)
TARGET_BYTES = 4000
FACT_SENTENCE = {"distance_km": 0, "area_ha": 1, "dead": 2, "injured": 2, "evacuated": 3, "cost_m": 4,
                 "share_pct": 5, "depth_m": 6}

ONSETS = ["b", "br", "ch", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "pr", "r", "s",
          "sh", "st", "t", "tr", "v", "vr", "z", "zh", "kh", "sl", "pl"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "y"]
CODAS = ["", "", "n", "r", "l", "s", "k", "v", "m", "nd", "rt", "sk", "st", "x"]
PLACE_ENDINGS = ["ville", "burg", "ovka", "hold", "port", "dale", "grad", "ton", "ford", "mouth", "ivka", "stad",
                 "an", "ino", "era", "ar"]
REGION_WORDS = ["province", "county", "region", "district", "valley", "oblast", "prefecture"]
OUTLETS = ["The Daily Ledger", "Morning Courier", "Northern Herald", "City Wire", "Global Dispatch",
           "The Evening Sentinel", "Coastal Times", "Metro Observer", "The Plain Reporter", "Frontier Post",
           "Continental Press", "Harbour Gazette"]
ROLES = ["spokesman", "spokeswoman", "regional governor", "fire chief", "mayor", "police commander",
         "emergency services director", "deputy minister", "hospital director", "company spokesperson"]
EVENTS = {
    "fire": ("wildfire", "the fire", "burned", "firefighters", "the blaze"),
    "flood": ("flood", "the floodwaters", "submerged", "rescue teams", "the flooding"),
    "quake": ("earthquake", "the earthquake", "shook", "rescue crews", "the quake"),
    "battle": ("offensive", "the fighting", "devastated", "soldiers", "the assault"),
    "blast": ("explosion", "the blast", "flattened", "emergency workers", "the explosion"),
    "storm": ("storm", "the storm", "battered", "utility crews", "the cyclone"),
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty"}
KM_PER_MILE = 1.609344
HA_PER_ACRE = 0.40468564224
M_PER_FOOT = 0.3048

FILLER = [
    "Residents described scenes of confusion as {crew} moved from street to street.",
    "\"We did not expect anything like this,\" said a shopkeeper who gave only her first name, {first}.",
    "The {org} said it was sending additional teams and equipment to {place} {weekday}.",
    "Schools in {city} remained closed, and officials urged people to stay away from the area.",
    "{person}, a {role}, told reporters that the situation was \"difficult but under control.\"",
    "Local television showed long lines of cars leaving {place} on the main road toward {city}.",
    "Officials in {city} opened sports halls and churches as temporary shelters.",
    "The {org} has faced criticism in recent years over its preparedness for events of this kind.",
    "Aid groups said supplies of drinking water and medicine were running low.",
    "It was not immediately clear what caused {the_event}, and an investigation has been opened.",
    "Opposition politicians called for an inquiry into the response, which they called slow.",
    "Power was cut to several neighbourhoods, and mobile networks were patchy for much of the day.",
    "Volunteers from neighbouring towns arrived with food, blankets and generators.",
    "{person2} of the {org2} said the agency would publish a full assessment \"in the coming weeks.\"",
    "The road between {place} and {city} was closed to all but emergency vehicles.",
    "Insurance companies said it was too early to estimate the claims they would face.",
    "Many of those affected are elderly residents who had lived in {place} for decades.",
    "Satellite images released by the {org2} showed the extent of the damage.",
    "In a statement, the {org} thanked {crew} and asked for patience from residents.",
    "Weather forecasters expect conditions to remain difficult through the weekend.",
    "Residents were told to call the hotline on 555-{phone} for information about relatives.",
    "The area was last hit by a comparable disaster in {year}, when dozens of homes were destroyed.",
    "Footage shared online, which could not be independently verified, showed collapsed buildings.",
    "The {org} said its teams had worked through the night in shifts of {shift} hours.",
]


@dataclass
class Story:
    index: int
    kind: str
    place: str
    city: str
    region: str
    people: list[tuple[str, str, str]]  # (first, last, role)
    orgs: list[str]
    date: dt.date  # the day of the event
    figures: dict[str, float]
    currency: str
    articles: list[dict] = field(default_factory=list)


def word(rng: random.Random, syllables: int) -> str:
    out = ""
    for i in range(syllables):
        out += rng.choice(ONSETS) + rng.choice(VOWELS) + (rng.choice(CODAS) if i == syllables - 1 else "")
    return out.capitalize()


def make_story(index: int, seed: int) -> Story:
    rng = random.Random(f"{seed}:story:{index}")
    kind = rng.choice(sorted(EVENTS))
    place = word(rng, rng.choice([1, 2])) + rng.choice(PLACE_ENDINGS)
    city = word(rng, 2) + rng.choice(PLACE_ENDINGS)
    while city == place:
        city = word(rng, 2) + rng.choice(PLACE_ENDINGS)
    region = f"{word(rng, 2)} {rng.choice(REGION_WORDS)}"
    people = [(word(rng, 2), word(rng, rng.choice([2, 3])), rng.choice(ROLES)) for _ in range(4)]
    orgs = [f"{word(rng, 2)} {k}" for k in ("Emergency Service", "Relief Agency", "Civil Defence Authority")]
    date = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 5 * 365))
    figures = {
        "distance_km": float(rng.choice([3, 5, 8, 10, 12, 15, 20, 25, 30, 40, 45, 60])),
        "area_ha": float(rng.choice([120, 400, 850, 1200, 2500, 4000, 9000, 15000])),
        "dead": float(rng.choice([2, 3, 5, 7, 9, 12, 17, 23, 31, 48])),
        "injured": float(rng.choice([14, 26, 40, 65, 88, 120, 150, 230])),
        "evacuated": float(rng.choice([800, 1500, 3000, 4200, 10000, 12500, 20000, 45000])),
        "cost_m": float(rng.choice([1.5, 4, 7.5, 12, 25, 40, 150, 320])),
        "share_pct": float(rng.choice([10, 15, 20, 30, 40, 60, 75])),
        "depth_m": float(rng.choice([30, 50, 80, 100, 120, 250])),
    }
    return Story(index, kind, place, city, region, people, orgs, date, figures,
                 rng.choice(["$", "$", "€", "£"]))


def fmt_int(n: float) -> str:
    return f"{int(round(n)):,}"


def fmt_num(x: float) -> str:
    if abs(x - round(x)) < 1e-9:
        return fmt_int(x)
    return f"{x:.1f}"


def hedge(rng: random.Random, kind: str) -> str:
    if kind == "approx":
        return rng.choice(["about ", "some ", "roughly ", "around ", "nearly ", "approximately ", "an estimated ",
                           ""])
    return rng.choice(["at least ", "more than ", ""])


def say_distance(rng: random.Random, km: float, s: Story) -> str:
    style = rng.randrange(5)
    h = hedge(rng, "approx")
    if style == 0:
        v = f"{fmt_num(km)} km"
    elif style == 1:
        v = f"{fmt_num(km)} kilometres"
    elif style == 2:
        mi = km / KM_PER_MILE
        n = round(mi)
        v = f"{NUMBER_WORDS[n]} miles" if n in NUMBER_WORDS else f"{n} miles"
    elif style == 3:
        v = f"{fmt_num(km)}km ({km / KM_PER_MILE:.1f} miles)"
    else:
        return rng.choice([f"less than {fmt_num(km * 1.25 // 5 * 5 + 5)} km from {s.city}",
                           f"within {fmt_num(km * 1.25 // 5 * 5 + 5)} kilometres of {s.city}"])
    return f"{h}{v} from {s.city}"


def say_area(rng: random.Random, ha: float) -> str:
    style = rng.randrange(4)
    h = hedge(rng, "approx")
    if style == 0:
        return f"{h}{fmt_int(ha)} hectares"
    if style == 1:
        return f"{h}{fmt_int(round(ha / HA_PER_ACRE, -1))} acres"
    if style == 2:
        return f"{h}{fmt_num(round(ha / 100, 1))} square kilometres"
    return f"{h}{fmt_int(ha)} ha ({fmt_int(round(ha / HA_PER_ACRE, -1))} acres)"


def say_count(rng: random.Random, n: float, noun: str, low_bound: bool = False) -> str:
    h = hedge(rng, "lower" if low_bound else "approx")
    if n in NUMBER_WORDS and rng.random() < 0.5:
        return f"{h}{NUMBER_WORDS[int(n)]} {noun}"
    return f"{h}{fmt_int(n)} {noun}"


def say_money(rng: random.Random, m: float, cur: str) -> str:
    h = hedge(rng, "approx")
    name = {"$": "dollars", "€": "euros", "£": "pounds"}[cur]
    style = rng.randrange(3)
    if style == 0:
        return f"{h}{cur}{fmt_num(m)} million"
    if style == 1:
        return f"{h}{fmt_num(m)} million {name}"
    return f"{h}{cur}{fmt_int(m * 1_000_000)}"


def say_depth(rng: random.Random, m: float) -> str:
    if rng.random() < 0.5:
        return f"{hedge(rng, 'approx')}{fmt_int(m)} metres"
    return f"{hedge(rng, 'approx')}{fmt_int(round(m / M_PER_FOOT, -1))} feet"


def say_date(rng: random.Random, d: dt.date, pub: dt.date) -> str:
    if d == pub:
        return "on " + WEEKDAYS[d.weekday()]
    if 0 < (pub - d).days < 7 and rng.random() < 0.5:
        return "on " + WEEKDAYS[d.weekday()]
    return f"on {MONTHS[d.month - 1]} {d.day}" + (f", {d.year}" if rng.random() < 0.3 else "")


def misspell(rng: random.Random, name: str) -> str:
    i = rng.randrange(1, len(name) - 1)
    op = rng.randrange(3)
    if op == 0 and len(name) > 4:
        return name[:i] + name[i + 1 :]
    if op == 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :] if name[i] != name[i + 1] else name + "e"
    c = rng.choice([ch for ch in "aeiouy" if ch != name[i]])
    return name[:i] + c + name[i + 1 :]


def write_article(story: Story, n: int, seed: int, out: Path, manifest_plants: list[dict]) -> int:
    rng = random.Random(f"{seed}:article:{story.index}:{n}")
    noun, the_event, verb, crew, alt = EVENTS[story.kind]
    pub = story.date + dt.timedelta(days=rng.choice([0, 1, 1, 2, 3]))
    outlet = rng.choice(OUTLETS)
    figures = dict(story.figures)
    plants: list[dict] = []
    if rng.random() < CONTRADICTION_RATE:
        key = rng.choice(sorted(figures))
        factor = rng.choice([0.5, 0.6, 1.5, 1.8, 2.0])
        figures[key] = round(figures[key] * factor, 1) if key == "cost_m" else float(round(figures[key] * factor))
        plants.append({"type": "contradiction", "fact": key, "true": story.figures[key], "stated": figures[key]})
    place = story.place
    spelled = {"place": place, "person_last": story.people[0][1]}
    misspelt = rng.random() < MISSPELLING_RATE
    if misspelt:
        target = rng.choice(["place", "person_last"])
        spelled[target] = misspell(rng, spelled[target])
        correct = place if target == "place" else story.people[0][1]
        plants.append({"type": "misspelling", "correct": correct, "stated": spelled[target], "uses": 2})
    p1, p2, p3 = story.people[0], story.people[1], story.people[2]
    first_place = place  # the dateline and headline keep the correct spelling
    ctx = {
        "place": place, "city": story.city, "crew": crew, "org": story.orgs[0], "org2": story.orgs[1],
        "person": f"{p2[0]} {p2[1]}", "person2": f"{p3[0]} {p3[1]}", "role": p2[2], "first": word(rng, 2),
        "weekday": WEEKDAYS[pub.weekday()], "the_event": the_event, "phone": f"{rng.randrange(1000, 9999)}",
        "year": str(story.date.year - rng.randrange(3, 40)), "shift": str(rng.choice([8, 10, 12])),
    }
    f = figures
    date_phrase = say_date(rng, story.date, pub)
    mis_place = spelled["place"]
    mis_last = spelled["person_last"]
    fact_sentences = [
        f"The {noun} struck {first_place}, {say_distance(rng, f['distance_km'], story)}, {date_phrase}.",
        f"{alt.capitalize()} {verb} {say_area(rng, f['area_ha'])} around {first_place}, officials said.",
        f"Authorities said {say_count(rng, f['dead'], 'people', low_bound=True)} were killed and "
        f"{say_count(rng, f['injured'], 'others')} were injured.",
        f"{say_count(rng, f['evacuated'], 'residents').capitalize()} were evacuated from {mis_place} and nearby "
        f"villages.",
        f"{p1[2].capitalize()} {p1[0]} {mis_last} said the damage could cost "
        f"{say_money(rng, f['cost_m'], story.currency)} to repair.",
        f"About {fmt_int(f['share_pct'])} percent of homes in {mis_place} were left without power."
        if rng.random() < 0.5 else
        f"Officials said {fmt_int(f['share_pct'])}% of the buildings in {mis_place} had been damaged.",
        f"Rescuers searched shafts and cellars reaching {say_depth(rng, f['depth_m'])} below the surface.",
        f"\"We are doing everything we can,\" {mis_last} said, adding that {crew} had been working since "
        f"{date_phrase.removeprefix('on ')}.",
    ]
    # Each article states most, not all, of its story's figures; the sentences that carry a plant always stay
    # in (a misspelt name is used in sentences 3 and 5 or 4 and 7, so it appears twice).
    keep = {0, 3, 7}
    for p in plants:
        keep |= {4, 5} if p["type"] == "misspelling" else {FACT_SENTENCE[p["fact"]]}
    optional = [i for i in range(len(fact_sentences)) if i not in keep]
    rng.shuffle(optional)
    chosen = sorted(keep | set(optional[: rng.randrange(2, len(optional) + 1)]))
    facts_used = [fact_sentences[i] for i in chosen]
    fillers = list(FILLER)
    rng.shuffle(fillers)
    paragraphs: list[str] = []
    dateline = f"{first_place.upper()}, {story.region.split()[0]} ({outlet}) —"
    paragraphs.append(f"{dateline} {facts_used[0]} {facts_used[1]}")
    body_facts = facts_used[2:]
    fi = 0
    size = 0
    while body_facts or size < TARGET_BYTES - 600:
        sents = []
        if body_facts:
            sents.append(body_facts.pop(0))
        for _ in range(rng.randrange(2, 4)):
            sents.append(fillers[fi % len(fillers)].format(**ctx))
            fi += 1
        rng.shuffle(sents)
        paragraphs.append(" ".join(sents))
        size = sum(len(p) + 2 for p in paragraphs)
        if fi > 3 * len(fillers):
            break
    title = f"{noun.capitalize()} hits {first_place}; {crew} at work"
    front = [
        "---",
        f"title: \"{title}\"",
        f"date: {pub.isoformat()}",
        f"outlet: \"{outlet}\"",
        f"url: \"https://example.invalid/{story.index:05d}/{n:02d}\"",
        f"story: {story.index}",
        "---",
        "",
    ]
    text = "\n".join(front) + f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
    rel = f"s{story.index:05d}/a{n:02d}.md"
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    for p in plants:
        p["path"] = rel
        manifest_plants.append(p)
    story.articles.append({"path": rel, "date": pub.isoformat(), "outlet": outlet, "bytes": len(data)})
    return len(data)


def generate(articles: int, seed: int, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    plants: list[dict] = []
    stories: list[Story] = []
    total = 0
    n_stories = max(1, -(-articles // ARTICLES_PER_STORY))
    for si in range(n_stories):
        story = make_story(si, seed)
        stories.append(story)
        count = min(ARTICLES_PER_STORY, articles - si * ARTICLES_PER_STORY)
        for n in range(count):
            total += write_article(story, n, seed, out, plants)
    manifest = {
        "generator": "benchmarks/make_corpus.py",
        "articles": articles,
        "seed": seed,
        "bytes": total,
        "rates": {"contradiction": CONTRADICTION_RATE, "misspelling": MISSPELLING_RATE},
        "stories": [
            {"index": s.index, "kind": s.kind, "place": s.place, "city": s.city, "region": s.region,
             "people": [" ".join(p[:2]) for p in s.people], "date": s.date.isoformat(),
             "currency": s.currency, "figures": s.figures, "articles": [a["path"] for a in s.articles]}
            for s in stories
        ],
        "planted": plants,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("out", type=Path, help="output folder")
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    m = generate(args.articles, args.seed, args.out)
    print(f"{m['articles']} articles, {len(m['stories'])} stories, {m['bytes'] / 1e6:.1f} MB, "
          f"{len(m['planted'])} planted errors -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
