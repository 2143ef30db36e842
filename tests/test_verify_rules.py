"""One test for each verification rule (issue: "Cross-reference a local corpus", item 3),
each on a small corpus of our own reports."""

from __future__ import annotations

from pathlib import Path

from tests.verify_helpers import check_article, only, write_report

AGENCY_A = "وكالة الأنباء الأولى"
AGENCY_B = "صحيفة الثانية"


def test_more_than_agrees_with_the_exact_figure(tmp_path: Path) -> None:
    write_report(
        tmp_path / "corpus", "a", "استهدفت الغارة موقعا يبعد 55 كيلومترا عن بلدة عياش في دير الزور.", AGENCY_A
    )
    report = check_article(
        tmp_path, "استهدفت الغارة منطقة تبعد أكثر من 55 كيلومترا عن بلدة عياش في دير الزور."
    )
    _, result = only(report, "distance")
    assert result.verdict == "corroborated"
    assert result.evidence[0].claim_figure == "≥ 55 km" and result.evidence[0].evidence_figure == "55 km"


def test_three_killed_contradicts_four(tmp_path: Path) -> None:
    write_report(tmp_path / "corpus", "a", "قتل 3 جنود سوريين في غارة قرب بلدة عياش بدير الزور.", AGENCY_A)
    report = check_article(tmp_path, "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور.")
    _, result = only(report, "killed")
    assert result.verdict == "contested"
    assert "3 person" in result.reason and "4 person" in result.reason


def test_up_to_agrees_with_the_figure_inside_it(tmp_path: Path) -> None:
    write_report(
        tmp_path / "corpus", "a", "وافق البرلمان الألماني على إرسال 1200 جندي ألماني إلى سوريا.", AGENCY_A
    )
    report = check_article(
        tmp_path, "صادق البرلمان الألماني على مشاركة قوة ألمانية يصل عددها إلى 1200 عسكري في سوريا."
    )
    _, result = only(report, "deployed")
    assert result.verdict == "corroborated"


def test_dozens_contradicts_thirteen(tmp_path: Path) -> None:
    write_report(tmp_path / "corpus", "a", "قتل عشرات المدنيين في غارات على مدينة الرقة.", AGENCY_A)
    report = check_article(tmp_path, "قتل 13 مدنيا في غارات على مدينة الرقة.")
    _, result = only(report, "killed")
    assert result.verdict == "contested"
    assert result.evidence[0].evidence_figure == "20–99 person"


def test_a_denial_contradicts_the_event_it_denies(tmp_path: Path) -> None:
    write_report(
        tmp_path / "corpus", "a", "شنت طائرات التحالف غارات على معسكر الصاعقة قرب بلدة عياش.", AGENCY_A
    )
    report = check_article(tmp_path, "نفى التحالف الدولي شن غارات على معسكر الصاعقة قرب بلدة عياش.")
    claim, result = only(report, "struck")
    assert claim.polarity == "denied"
    assert result.verdict == "contested"
    assert result.evidence[0].stance == "contradicts"


def test_an_event_without_a_figure_is_supported_by_a_report_of_it(tmp_path: Path) -> None:
    write_report(
        tmp_path / "corpus", "a", "أعلنت كندا انسحابها من الضربات الجوية في سوريا والعراق.", AGENCY_A
    )
    report = check_article(tmp_path, "انسحبت كندا من الغارات الجوية على سوريا.")
    _, result = only(report, "withdrew")
    assert result.verdict == "corroborated"


def test_the_same_number_about_another_event_is_not_evidence(tmp_path: Path) -> None:
    write_report(
        tmp_path / "corpus", "a", "قتل أربعة جنود عراقيين في هجوم على الفلوجة بمحافظة الأنبار.", AGENCY_A
    )
    report = check_article(tmp_path, "قتل أربعة جنود سوريين في غارة قرب بلدة عياش بدير الزور.")
    _, result = only(report, "killed")
    assert result.verdict == "unverified"
    assert result.evidence == ()


def test_other_people_are_another_event(tmp_path: Path) -> None:
    write_report(tmp_path / "corpus", "a", "قتل سبعة مدنيين في غارات على شرقي الرمادي.", AGENCY_A)
    report = check_article(tmp_path, "قتل 27 مسلحا في غارات على شرقي الرمادي.")
    _, result = only(report, "killed")
    assert result.verdict == "unverified"


def test_copies_of_one_story_count_once(tmp_path: Path) -> None:
    story = "قال مصدر أمني إن 27 مسلحا قتلوا في غارات للتحالف على منطقة الصوفية شرقي الرمادي يوم الثلاثاء."
    write_report(tmp_path / "corpus", "wire", story, AGENCY_A)
    write_report(tmp_path / "corpus", "republished", "الرمادي - " + story, AGENCY_B)  # near-identical text
    write_report(
        tmp_path / "corpus", "same-outlet", "أكدت مصادر مقتل 27 مسلحا في غارات على الرمادي.", AGENCY_A
    )
    report = check_article(tmp_path, "أسفرت غارات التحالف على الرمادي عن مقتل 27 مسلحا.")
    _, result = only(report, "killed")
    assert result.verdict == "corroborated"
    assert len(result.evidence) == 3
    assert result.independent_support == 1
    assert sum(e.copy_of is not None for e in result.evidence) == 2


def test_two_independent_sources_corroborate_more_strongly(tmp_path: Path) -> None:
    write_report(tmp_path / "corpus", "a", "قتل 27 مسلحا في غارات على الرمادي.", AGENCY_A)
    report_one = check_article(tmp_path, "أسفرت الغارات على الرمادي عن مقتل 27 مسلحا.")
    write_report(
        tmp_path / "corpus", "b", "أعلنت قيادة العمليات مقتل 27 إرهابيا بضربات جوية على الرمادي.", AGENCY_B
    )
    report_two = check_article(tmp_path, "أسفرت الغارات على الرمادي عن مقتل 27 مسلحا.")
    one, two = only(report_one, "killed")[1], only(report_two, "killed")[1]
    assert (one.independent_support, two.independent_support) == (1, 2)
    assert two.confidence > one.confidence
    assert two.reason.startswith("2 independent sources agree")


def test_contested_shows_both_sides(tmp_path: Path) -> None:
    write_report(tmp_path / "corpus", "sana", "قتل 3 جنود سوريين في غارة قرب بلدة عياش بدير الزور.", "سانا")
    write_report(
        tmp_path / "corpus", "other", "أسفرت غارة قرب بلدة عياش بدير الزور عن مقتل 4 جنود سوريين.", AGENCY_B
    )
    report = check_article(tmp_path, "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور.")
    _, result = only(report, "killed")
    assert result.verdict == "contested"
    assert {e.stance for e in result.evidence} == {"supports", "contradicts"}
    assert "agreeing" in result.reason


def test_no_evidence_is_unverified_never_true(tmp_path: Path) -> None:
    write_report(
        tmp_path / "corpus", "noise", "ارتفعت أسعار النفط بنسبة 3 بالمئة في تعاملات الثلاثاء.", AGENCY_A
    )
    report = check_article(tmp_path, "وافق البرلمان البريطاني على توسيع الضربات الجوية إلى سوريا.")
    _, result = only(report, "approved")
    assert (result.verdict, result.confidence, result.evidence) == ("unverified", 0.0, ())


def test_an_attributed_claim_is_checked_both_ways(tmp_path: Path) -> None:
    write_report(
        tmp_path / "corpus",
        "sohr",
        "قتل أربعة جنود سوريين في غارة قرب بلدة عياش بدير الزور.",
        "المرصد السوري لحقوق الإنسان",
    )
    write_report(
        tmp_path / "corpus", "sana", "قتل ثلاثة جنود سوريين في غارة قرب بلدة عياش بدير الزور.", "سانا"
    )
    article = "قال المرصد السوري لحقوق الإنسان إن أربعة جنود سوريين قتلوا في غارة قرب بلدة عياش بدير الزور."
    _, result = only(check_article(tmp_path, article), "killed")
    assert result.attribution_check is not None and result.attribution_check.said is True
    assert result.verdict == "contested"  # the others disagree with what the Observatory said
    assert [e.from_claimed_source for e in result.evidence if e.stance == "supports"] == [True]


def test_the_claimed_source_alone_does_not_corroborate(tmp_path: Path) -> None:
    write_report(
        tmp_path / "corpus",
        "sohr",
        "قتل أربعة جنود سوريين في غارة قرب بلدة عياش بدير الزور.",
        "المرصد السوري لحقوق الإنسان",
    )
    article = "قال المرصد السوري لحقوق الإنسان إن أربعة جنود سوريين قتلوا في غارة قرب بلدة عياش بدير الزور."
    _, result = only(check_article(tmp_path, article), "killed")
    assert result.verdict == "unverified" and result.attribution_check.said is True
    assert "itself" in result.reason


def test_spelling_variants_of_a_name_are_one_speaker(tmp_path: Path) -> None:
    # Neither spelling of the speaker is needed verbatim: ستيفين is in no gazetteer (rapidfuzz).
    write_report(
        tmp_path / "corpus",
        "a",
        "وقال المتحدث ستيفين وارن إن الغارة استهدفت موقعا يبعد 55 كيلومترا عن بلدة عياش.",
        AGENCY_A,
    )
    article = "قال المتحدث العسكري ستيف وارن إن الغارة استهدفت موقعا يبعد 55 كيلومترا عن بلدة عياش."
    _, result = only(check_article(tmp_path, article), "distance")
    assert result.attribution_check is not None and result.attribution_check.said is True


def test_reports_far_from_the_article_date_are_other_events(tmp_path: Path) -> None:
    old = "أسفرت غارة قرب بلدة عياش بدير الزور عن مقتل 4 جنود سوريين وفق مصادر محلية."
    write_report(tmp_path / "corpus", "old", old, AGENCY_A, "2015-03-01")
    text = "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور."
    dated = only(check_article(tmp_path, text, date="2015-12-08"), "killed")[1]
    undated = only(check_article(tmp_path, text, date=None), "killed")[1]
    assert dated.verdict == "unverified"
    assert undated.verdict == "corroborated"


def test_the_article_does_not_corroborate_itself(tmp_path: Path) -> None:
    text = "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور."
    write_report(tmp_path / "corpus", "same", text, AGENCY_A)
    _, result = only(check_article(tmp_path, text), "killed")
    assert result.verdict == "unverified"


def test_a_figure_for_a_town_needs_the_town_or_the_same_words(tmp_path: Path) -> None:
    # Same country, same kind of figure, other wording and no town: another event (a country at war
    # sees many strikes a day); a report naming the town does count.
    _not_evidence_until_the_same_event(
        tmp_path,
        other_event="أفاد المرصد بمقتل 51 من عناصر التنظيم خلال يومين من القصف في سوريا.",
        same_event="لقي 3 جنود سوريين مصرعهم في غارة قرب بلدة عياش.",
    )


def _not_evidence_until_the_same_event(tmp_path: Path, other_event: str, same_event: str) -> None:
    """ "4 soldiers killed near Ayyash": unverified with `other_event` alone in the corpus, contested
    once `same_event` (3 killed) joins it."""
    write_report(tmp_path / "corpus", "a", other_event, AGENCY_A)
    article = "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور."
    _, result = only(check_article(tmp_path, article), "killed")
    assert result.verdict == "unverified", result.reason
    write_report(tmp_path / "corpus", "b", same_event, AGENCY_B)
    _, result = only(check_article(tmp_path, article), "killed")
    assert result.verdict == "contested" and "3 person" in result.reason, result.reason


def test_without_a_date_a_country_alone_does_not_make_the_same_event(tmp_path: Path) -> None:
    # Canada has withdrawn from many things over the years. With the article's date, a report of the
    # same week in other words confirms the withdrawal; without it, only the country links the two,
    # and the report is not evidence (nor would one of any other year be).
    write_report(
        tmp_path / "corpus", "a", "أعلنت أوتاوا رسميا أن كندا سحبت طائراتها المقاتلة من التحالف.", AGENCY_A
    )
    article = "وقد انسحبت كندا من الضربات الجوية مطلع الأسبوع."
    dated = only(check_article(tmp_path, article, date="2015-12-08"), "withdrew")[1]
    undated = only(check_article(tmp_path, article, date=None), "withdrew")[1]
    assert dated.verdict == "corroborated", dated.reason
    assert undated.verdict == "unverified", undated.reason


_DAYS = ["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس"]
_TARGETS = ["مستودعات", "مقرات", "تجمعات", "آليات", "نقاط تفتيش"]


def _many_strike_reports(folder: Path) -> int:
    """Thirty reports of thirty different raids, each naming the coalition and ISIS: more passages
    than compare.DISTINCTIVE_PASSAGES, as in any archive of the war."""
    count = 0
    for day in _DAYS:
        for target in _TARGETS:
            text = f"شنت طائرات التحالف الدولي يوم {day} غارات على {target} لتنظيم الدولة."
            write_report(folder, f"raid-{count:02d}", text, f"وكالة {count}")
            count += 1
    return count


def test_without_a_date_a_party_named_in_many_reports_does_not_make_the_same_event(
    tmp_path: Path,
) -> None:
    # Dated, the reports of the same days confirm the raids; undated, the coalition and ISIS name
    # every raid of the war, and nothing else ties a report to this one.
    from factcheck.verify.compare import DISTINCTIVE_PASSAGES

    assert _many_strike_reports(tmp_path / "corpus") > DISTINCTIVE_PASSAGES
    article = "وشنت طائرات التحالف الدولي غارات على مواقع لتنظيم الدولة."
    dated = only(check_article(tmp_path, article, date="2015-12-08"), "struck")[1]
    undated = only(check_article(tmp_path, article, date=None), "struck")[1]
    assert dated.verdict == "corroborated", dated.reason
    assert undated.verdict == "unverified", undated.reason
    assert undated.evidence == ()


def test_without_a_date_a_party_few_reports_name_still_makes_the_same_event(tmp_path: Path) -> None:
    # The Bundestag is in one report of the corpus: sharing it singles the event out, date or not,
    # even among many reports naming the coalition.
    _many_strike_reports(tmp_path / "corpus")
    write_report(
        tmp_path / "corpus",
        "bundestag",
        "وافق البوندستاغ على إرسال جنود ألمان للمشاركة في عمليات التحالف الدولي.",
        AGENCY_B,
    )
    article = "وقد صادق البرلمان الألماني على مشاركة بلاده في التحالف الدولي."
    _, result = only(check_article(tmp_path, article, date=None), "approved")
    assert result.verdict == "corroborated", result.reason
    assert [e.document.source for e in result.evidence] == [AGENCY_B]


def test_a_count_of_another_party_s_members_is_not_evidence(tmp_path: Path) -> None:
    # Same town, same day, same predicate: 51 ISIS members (entities' `members`) killed say nothing
    # about 4 Syrian soldiers; a report of soldiers killed there does.
    _not_evidence_until_the_same_event(
        tmp_path,
        other_event="أفاد المرصد بمقتل 51 من عناصر تنظيم الدولة في غارات قرب بلدة عياش بدير الزور.",
        same_event="قتل 3 من جنود قوات النظام في غارة قرب بلدة عياش بدير الزور.",
    )


def test_a_namesake_village_in_another_province_is_another_event(tmp_path: Path) -> None:
    # Ayyash is marked `namesake` in rules/entities: the العياش fought over on the Turkish border,
    # in a sentence naming Aleppo and not Deir ez-Zor, is another village.
    _not_evidence_until_the_same_event(
        tmp_path,
        "اشتبك مسلحون مع القوات السورية في قرية العياش بريف حلب الشمالي فقتل 3 جنود سوريين.",
        "قتل 3 جنود سوريين في غارة قرب بلدة عياش بدير الزور.",
    )


ARTICLE_SOHR = "قال المرصد السوري لحقوق الإنسان إن أربعة جنود سوريين قتلوا في غارة قرب بلدة عياش بدير الزور."
QUOTING = (
    (
        "a",
        AGENCY_A,
        "وذكر المرصد السوري لحقوق الإنسان أن الغارة قرب بلدة عياش بدير الزور قتلت أربعة جنود سوريين.",
    ),
    (
        "b",
        AGENCY_B,
        "أفاد المرصد السوري لحقوق الإنسان بمقتل أربعة جنود سوريين في غارة جوية استهدفت محيط عياش بدير الزور.",
    ),
)


def test_independent_outlets_quoting_the_speaker_corroborate_what_the_article_asserts(tmp_path: Path) -> None:
    # The article asserts that the Observatory said it: outlets that report it saying so are
    # independent of it and corroborate that; the reason says it is the Observatory's word alone.
    for name, outlet, text in QUOTING:
        write_report(tmp_path / "corpus", name, text, outlet)
    _, result = only(check_article(tmp_path, ARTICLE_SOHR), "killed")
    assert result.verdict == "corroborated", result.reason
    assert not any(e.from_claimed_source for e in result.evidence)
    assert all(e.quotes_claimed_source for e in result.evidence)
    assert "2 independent outlets report that" in result.reason and "said so" in result.reason
    assert "none confirms it apart from" in result.reason
    assert result.attribution_check is not None and result.attribution_check.said is True


def test_a_report_in_its_own_words_confirms_the_speaker_apart(tmp_path: Path) -> None:
    name, outlet, text = QUOTING[0]
    write_report(tmp_path / "corpus", name, text, outlet)
    write_report(
        tmp_path / "corpus", "b", "قتل أربعة جنود سوريين في غارة قرب بلدة عياش بدير الزور.", AGENCY_B
    )
    _, result = only(check_article(tmp_path, ARTICLE_SOHR), "killed")
    assert result.verdict == "corroborated", result.reason
    assert "1 independent outlet reports that" in result.reason
    assert "confirmed apart from" in result.reason and AGENCY_B in result.reason
