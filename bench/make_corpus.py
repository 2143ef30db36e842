"""Generate a synthetic corpus of short Arabic news reports, for index benchmarks at scale.

    .venv/bin/python bench/make_corpus.py N OUT_DIR [--seed S]

writes N documents as JSON Lines files of 10,000 documents each (corpus-00000.jsonl, …), with
the fields id, title, source, date and text. Each report is one to three sentences built from
templates: casualties, injuries, arrests, displacement, strikes, damage, deployments, control,
withdrawals, denials and distances, with varied figures, places, actors and outlets, most of
them attributed ("أعلنت وكالة … أن …"). A sentence with nothing checkable is mixed in now and
then, as in real wires.

Deterministic: file k is generated from its own generator seeded with (seed, k), so a smaller
corpus is a prefix of a larger one and the same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

DOCS_PER_FILE = 10_000
DEFAULT_SEED = 20151213
FIRST_DATE = dt.date(2015, 1, 1)
DAYS = 730


def _names(joined: str) -> list[str]:
    """Lists are written as "|"-separated strings so they stay compact under the formatter."""
    return joined.split("|")


PLACES = _names(
    "دير الزور|الرقة|حلب|حمص|حماة|إدلب|درعا|ريف دمشق|دوما|داريا|منبج|جرابلس|عين العرب|تدمر|الحسكة"
    "|القامشلي|الموصل|الرمادي|الفلوجة|تكريت|بيجي|كركوك|سنجار|الأنبار|صنعاء|عدن|تعز|الحديدة|مأرب|صعدة"
    "|المكلا|جازان|نجران|سيناء|العريش|بنغازي|سرت|مصراتة"
)
ACTORS = _names(
    "التحالف الدولي|التحالف العربي|تنظيم الدولة|النظام السوري|القوات العراقية|الجيش السوري الحر"
    "|قوات سوريا الديمقراطية|الحشد الشعبي|الحوثيين|حزب الله|جبهة النصرة|البيشمركة|القوات الروسية"
    "|الجيش الإسرائيلي"
)
OUTLETS = _names(
    "وكالة الأنباء السعودية|وكالة سانا|وكالة الأنباء العراقية|وكالة الأناضول|رويترز"
    "|وكالة الصحافة الفرنسية|أسوشيتد برس|قناة الجزيرة|قناة العربية|سكاي نيوز عربية|روسيا اليوم"
    "|صحيفة الشرق الأوسط|صحيفة الحياة|عكاظ|صحيفة سبق|صحيفة الرياض"
)
SPEAKERS = _names(
    "المرصد السوري لحقوق الإنسان|مصادر طبية|مصادر محلية|مصادر أمنية|الدفاع المدني السوري|وزارة الدفاع"
    "|متحدث باسم الجيش|ناشطون|مسؤول محلي|شهود عيان"
)
COUNTRIES = _names("فرنسا|بريطانيا|ألمانيا|روسيا|تركيا|الولايات المتحدة|كندا|إيران|مصر")
PEOPLE = _names("جنود|مدنيين|عناصر|مسلحين|أطفال|أشخاص|مقاتلين|عسكريين|شرطيين")
VEHICLES = _names("سيارات|آليات|دبابات|مدرعات|شاحنات")
NUMBER_WORDS = _names("ثلاثة|أربعة|خمسة|ستة|سبعة|ثمانية|تسعة|عشرة")
FILLERS = [
    "وتشهد المنطقة توترا متصاعدا منذ أسابيع.",
    "ولم يصدر أي تعليق رسمي حتى الآن.",
    "وتأتي هذه التطورات في ظل جهود دولية للتوصل إلى تسوية سياسية.",
    "ويعاني السكان من نقص حاد في المواد الغذائية والأدوية.",
    "وكانت المنطقة قد شهدت اشتباكات عنيفة خلال الأيام الماضية.",
]
# Verb-first clauses take their source at the end; "أن" leads the noun-first ones.
TRAILING = ["، بحسب {speaker}", "، وفق ما أعلنت {outlet}", "، حسب ما ذكرت {outlet}", "، نقلا عن {speaker}"]
LEADING = ["أعلنت {outlet} أن", "ذكرت {outlet} أن", "أفادت {outlet} بأن", "أكدت {outlet} أن"]


def _count(rng: random.Random, low: int = 2, high: int = 60) -> str:
    """A figure, now and then in words or with a hedge ("أكثر من 40")."""
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(NUMBER_WORDS)
    number = str(rng.randint(low, high))
    return f"أكثر من {number}" if roll > 0.9 else number


def _of(actor: str) -> str:
    """لـ + name: "للتحالف الدولي", "لقوات سوريا الديمقراطية"."""
    return "ل" + actor[1:] if actor.startswith("ال") else "ل" + actor


def _clause(rng: random.Random) -> tuple[str, bool]:
    """One checkable clause without its full stop, and whether it starts with a noun (so it can
    follow "أعلنت … أن")."""
    place, actor, pick = rng.choice(PLACES), rng.choice(ACTORS), rng.choice
    kind = rng.randrange(12)
    if kind == 0:
        return f"قتل {_count(rng)} {pick(PEOPLE)} في {place} جراء غارة {_of(actor)}", False
    if kind == 1:
        return f"{_count(rng)} {pick(PEOPLE)} قتلوا في {place} جراء قصف {_of(actor)}", True
    if kind == 2:
        killed, injured = _count(rng), _count(rng)
        return f"أسفر قصف على {place} عن مقتل {killed} {pick(PEOPLE)} وإصابة {injured} آخرين", False
    if kind == 3:
        return f"أصيب {_count(rng)} {pick(PEOPLE)} بجروح في هجوم {_of(actor)} على {place}", False
    if kind == 4:
        return f"قوات الأمن اعتقلت {_count(rng, 3, 120)} أشخاص في {place}", True
    if kind == 5:
        return f"نزح أكثر من {rng.randrange(500, 20_000, 50)} شخص من {place} خلال الأيام الماضية", False
    if kind == 6:
        return f"شنت طائرات {actor} {_count(rng, 3, 40)} غارة على مواقع في {place}", False
    if kind == 7:
        return f"غارات {actor} دمرت {_count(rng, 2, 15)} {pick(VEHICLES)} قرب {place}", True
    if kind == 8:
        return f"أرسلت {pick(COUNTRIES)} {_count(rng, 2, 12)} طائرات مقاتلة إلى قاعدة قرب {place}", False
    if kind == 9:
        return f"سيطرت قوات {actor} على مواقع استراتيجية في محيط {place}", False
    if kind == 10:
        return f"نفى {actor} وقوع قصف من جانبه على {place}", False
    return f"الغارات استهدفت منطقة تبعد {rng.randint(5, 90)} كيلومترا عن {place}", True


def _sentence(rng: random.Random) -> str:
    clause, noun_first = _clause(rng)
    if rng.random() < 0.7:
        sources = {"outlet": rng.choice(OUTLETS), "speaker": rng.choice(SPEAKERS)}
        if noun_first:
            clause = f"{rng.choice(LEADING).format(**sources)} {clause}"
        else:
            clause += rng.choice(TRAILING).format(**sources)
    return clause + "."


def make_text(rng: random.Random, sentences: int) -> str:
    parts = [_sentence(rng) for _ in range(sentences)]
    if sentences > 1 and rng.random() < 0.3:
        parts[-1] = rng.choice(FILLERS)
    return " ".join(parts)


def make_document(rng: random.Random, number: int) -> dict[str, str]:
    text = make_text(rng, rng.randint(1, 3))
    first = text.split(".")[0]
    title = " ".join(first.split()[:8])
    date = FIRST_DATE + dt.timedelta(days=rng.randrange(DAYS))
    return {
        "id": f"syn-{number:07d}",
        "title": title,
        "source": rng.choice(OUTLETS),
        "date": date.isoformat(),
        "text": text,
    }


def make_article(seed: int = DEFAULT_SEED, sentences: int = 5) -> str:
    """A short article for check benchmarks: same templates, so its claims find candidates."""
    rng = random.Random(f"article:{seed}")
    return "\n\n".join(_sentence(rng) for _ in range(sentences)) + "\n"


def write_corpus(count: int, out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for file_number, start in enumerate(range(0, count, DOCS_PER_FILE)):
        rng = random.Random(f"{seed}:{file_number}")
        path = out_dir / f"corpus-{file_number:05d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for number in range(start, min(start + DOCS_PER_FILE, count)):
                handle.write(json.dumps(make_document(rng, number), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of documents")
    parser.add_argument("out_dir", type=Path, help="folder for the JSONL files (created if missing)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    paths = write_corpus(args.count, args.out_dir, args.seed)
    size = sum(path.stat().st_size for path in paths)
    print(
        f"{args.count} documents in {len(paths)} file(s), {size / 1e6:.1f} MB → {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
