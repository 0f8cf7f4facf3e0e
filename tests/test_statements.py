"""Attributed statements on short articles written for each rule (none from the sample)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.records import Article


def _statements(extractor, text, published=date(2025, 3, 14)):
    x = extractor.extract(Article(text=text, title="t", published=published, source="t"))
    names = {e.key: e.name for e in x.entities}
    return [
        {
            "speaker": names[s.speaker],
            "via": s.via,
            "cue": s.cue,
            "stance": s.stance,
            "about": [names[a] for a in s.about],
            "quote": s.quote,
        }
        for s in x.statements
    ], x


def test_cue_after_and_between_parts(extractor):
    text = (
        '"The budget is balanced," Finance Minister Olga Berg said on Friday. '
        '"Spending will rise," she said, "but only slowly."'
    )
    sts, _ = _statements(extractor, text)
    assert [s["speaker"] for s in sts] == ["Olga Berg", "Olga Berg"]
    assert "but only slowly" in sts[1]["quote"] and "Spending will rise" in sts[1]["quote"]


def test_denial_and_hedge(extractor):
    text = (
        "Prime Minister Karl Lund dismissed reports that he would resign. "
        "Opposition leader Eva Holm said the government could collapse before the summer. "
        '"These claims are complete nonsense," Lund said.'
    )
    sts, _ = _statements(extractor, text)
    by = [(s["speaker"], s["stance"]) for s in sts]
    assert ("Karl Lund", "deny") in by
    assert ("Eva Holm", "speculate") in by
    assert by.count(("Karl Lund", "deny")) == 2


def test_relayed_anonymous_sources(extractor):
    text = (
        "A person familiar with the talks told the Daily Ledger that the deal was close. "
        "The Nordic Courier, citing two officials, reported that Minister Anna Dahl met Karl Lund."
    )
    sts, _ = _statements(extractor, text)
    assert {(s["speaker"], s["via"]) for s in sts} == {
        ("Daily Ledger", "A person familiar with the talks"),
        ("Nordic Courier", "two officials"),
    }


def test_pronoun_speaker_respects_gender(extractor):
    text = (
        'Mayor Liisa Saar said the tram would be built. "We have the money," she said. '
        "Councillor Toomas Kask said the plan was too costly. "
        '"She is promising too much," he said.'
    )
    sts, _ = _statements(extractor, text)
    assert sts[-1]["speaker"] == "Toomas Kask"
    assert "Liisa Saar" in sts[-1]["about"]


@pytest.mark.parametrize("text", ["The port was closed on Monday after a storm hit the coast."])
def test_no_speech_no_statement(extractor, text):
    sts, _ = _statements(extractor, text)
    assert sts == []


def test_relations_and_dates(extractor):
    text = (
        "Minister Anna Dahl will lead Norway's delegation to the Arctic summit. "
        "The delegation was previously led by Karl Lund. "
        "Dahl met Foreign Minister Eva Holm of Sweden on Tuesday. "
        "Karl Lund has been under sanctions from Canada and the European Union since 2022."
    )
    x = extractor.extract(Article(text=text, title="t", published=date(2025, 3, 14), source="t"))
    names = {e.key: e.name for e in x.entities}
    rels = {(names[r.subject], r.predicate, names[r.object]): r for r in x.relations}
    assert ("Anna Dahl", "leads", "Norwegian delegation to the Arctic summit") in rels
    met = rels[("Anna Dahl", "met_with", "Eva Holm")]
    assert met.when == "2025-03-11"
    sanc = rels[("Karl Lund", "sanctioned_by", "Canada")]
    assert sanc.start == "2022"
    assert ("Karl Lund", "sanctioned_by", "European Union") in rels


# ------------------------------------------------------------- issue 13: general patterns
def _with_publisher(extractor, text):
    x = extractor.extract(
        Article(
            text=text, title="t", published=date(2025, 3, 14), source="t", publisher="Fjord Post"
        )
    )
    names = {e.key: e.name for e in x.entities}
    return [(names[s.speaker], s.via, s.quote) for s in x.statements], x


def test_a_colon_introduced_quote_is_the_speakers(extractor):
    text = (
        "Finance Minister Olga Berg spoke to farmers in Tarnby on Friday. "
        'She said: "The subsidy will be paid before the harvest."'
    )
    sts, x = _statements(extractor, text)
    assert [(s["speaker"], s["quote"]) for s in sts] == [
        ("Olga Berg", "The subsidy will be paid before the harvest.")
    ]
    (st,) = x.statements
    (content,) = st.content_spans
    assert x.article.text[content.begin : content.end] == st.quote
    assert st.cue_span is not None and st.cue_span.text == "said"
    assert st.speaker_span is not None and st.speaker_span.text == "She"


def test_honorific_surname_and_title_alone_are_speakers(extractor):
    text = (
        "Chancellor Henrik Strand presented the budget on Tuesday. "
        "Mr Strand said the deficit would halve by next year. "
        "The chancellor said taxes would not rise."
    )
    sts, _ = _statements(extractor, text)
    assert [s["speaker"] for s in sts] == ["Henrik Strand", "Henrik Strand"]


def test_an_appositive_between_speaker_and_cue(extractor):
    text = "Petra Lind, chairwoman of the Harbour Trust, said the pier would reopen in May."
    sts, _ = _statements(extractor, text)
    assert [s["speaker"] for s in sts] == ["Petra Lind"]
    assert "the pier would reopen in May" in sts[0]["quote"]


def test_belief_verbs_attribute_a_clause_but_not_an_object(extractor):
    sts, _ = _statements(
        extractor, "Mayor Liisa Saar believes that the tram will be finished by 2027."
    )
    assert [(s["speaker"], s["stance"]) for s in sts] == [("Liisa Saar", "speculate")]
    none, _ = _statements(extractor, "Mayor Liisa Saar believes him.")
    assert none == []


def test_unnamed_groups_and_documents_are_relayed_by_the_outlet(extractor):
    sts, _ = _with_publisher(
        extractor,
        "Critics say the new bridge in Tarnby is too expensive. "
        "A report by the audit office claimed the costs had doubled.",
    )
    speakers = {(s, v) for s, v, _ in sts}
    assert ("Fjord Post", "Critics") in speakers, sts
    assert any(s == "Fjord Post" and v and "report" in v for s, v in speakers), sts


def test_evaluative_verbs_take_their_object_as_content(extractor):
    sts, _ = _statements(
        extractor, "Opposition leader Eva Holm criticised Karl Lund for the delay to the bridge."
    )
    assert [s["speaker"] for s in sts] == ["Eva Holm"]
    assert "Karl Lund" in sts[0]["about"]


def test_a_quote_in_straight_quotes_runs_across_paragraphs(extractor):
    text = (
        'Mayor Liisa Saar said: "The tram is coming.\n\n'
        '"We have found the money and the builders," she said.'
    )
    sts, _ = _statements(extractor, text)
    assert sts and all(s["speaker"] == "Liisa Saar" for s in sts), sts
    assert any("The tram is coming." in s["quote"] for s in sts), sts


def test_a_question_is_no_statement_but_a_request_is(extractor):
    asked, _ = _statements(extractor, "Mayor Liisa Saar asked whether the tram would be late.")
    assert asked == []
    urged, _ = _statements(
        extractor, "Mayor Liisa Saar asked the council to approve the tram before the summer."
    )
    assert [s["speaker"] for s in urged] == ["Liisa Saar"]


def test_the_subject_of_a_passive_cue_is_not_the_speaker(extractor):
    sts, _ = _with_publisher(extractor, "Mayor Liisa Saar was told to cancel the tram project.")
    assert sts == []
    sts, _ = _with_publisher(extractor, "Mayor Liisa Saar is said to be unhappy with the budget.")
    assert [(s, v) for s, v, _ in sts] == [("Fjord Post", None)]  # the outlet reports it


def test_whose_document_speaks(extractor):
    sts, _ = _statements(
        extractor,
        "The Nordic Harbour Authority's annual report concluded, \"The pier must close "
        'for repairs next spring."',
    )
    assert [s["speaker"] for s in sts] == ["Nordic Harbour Authority"], sts


def test_a_name_and_a_colon_introduce_a_quote(extractor):
    sts, x = _statements(
        extractor, 'Liisa Saar: "Our goal is not to delay the tram but to build it this year."'
    )
    assert [(s["speaker"], s["cue"]) for s in sts] == [("Liisa Saar", ":")]
    assert x.statements[0].speaker_span.text == "Liisa Saar"


def test_a_speaker_the_recognizer_missed_is_a_person(extractor):
    sts, x = _statements(extractor, "\u201cThe ferry is late again,\u201d O\u2019Donnellan said.")
    assert [s["speaker"] for s in sts] == ["O\u2019Donnellan"]
    (person,) = [e for e in x.entities if e.name == "O\u2019Donnellan"]
    assert person.type == "Person" and [m.label for m in person.mentions] == ["SPEAKER"]


def test_two_coordinated_cues_are_two_statements(extractor):
    sts, _ = _statements(
        extractor,
        'Mayor Liisa Saar called on the council to resign and said, "The tram is dead."',
    )
    assert [s["cue"] for s in sts] == ["called", "said"], sts


def test_call_names_its_object_with_the_quote_after_it(extractor):
    sts, _ = _statements(
        extractor, 'Eva Holm called the decision "a crucial step forward for the port."'
    )
    assert [(s["speaker"], s["cue"]) for s in sts] == [("Eva Holm", "called")]
    none, _ = _statements(extractor, "Eva Holm called the mayor on Tuesday.")
    assert none == []


def test_a_quote_cue_before_the_quote_introduces_it(extractor):
    sts, _ = _statements(
        extractor,
        "Mayor Liisa Saar spoke after the vote. She continued, \u201cThe tram will be built "
        "this year whatever the council decides.\u201d As Saar put it, \u201cThe city cannot "
        "wait for the council any longer.\u201d",
    )
    assert [(s["speaker"], s["cue"]) for s in sts] == [
        ("Liisa Saar", "continued"),
        ("Liisa Saar", "put"),
    ], sts
    # not a quote it does not introduce: "continued" with its own object
    none, _ = _statements(
        extractor,
        "Mayor Liisa Saar continued the meeting, and the \u201cnew tram line for the city "
        "centre\u201d was approved.",
    )
    assert none == []


def test_a_cue_and_whom_it_tells_introduce_a_quote(extractor):
    sts, _ = _statements(
        extractor,
        "Harbour chief Olof Brann was critical, telling reporters, \u201cNobody asked us.\u201d",
    )
    assert [(s["speaker"], s["cue"], s["quote"]) for s in sts] == [
        ("Olof Brann", "telling", "Nobody asked us.")
    ], sts


def test_a_paragraph_ending_with_a_cue_and_a_colon_introduces_the_next(extractor):
    text = (
        "Harbour chief Olof Brann said in a statement:\n\n"
        "\u201cWe will open the new pier in May and the ferries will run every hour.\u201d\n\n"
        "Brann listed two reasons for the delay:\n\n"
        "\u201cThe steel came late and the winter was long.\u201d"
    )
    sts, _ = _statements(extractor, text)
    assert [(s["speaker"], s["cue"]) for s in sts] == [("Olof Brann", "said")], sts
    assert sts[0]["quote"].startswith("We will open the new pier")


def _parsed(words, heads, deps, pos):
    """A Doc with the parse given (heads as absolute indices), one sentence."""
    from spacy.lang.en import English
    from spacy.tokens import Doc

    starts = [True] + [False] * (len(words) - 1)
    return Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos, sent_starts=starts)


def test_a_speaker_by_position_where_the_parse_lost_the_subject():
    from graph.extract.statements import _Finder

    finder = _Finder.__new__(_Finder)  # the rule reads only the parse
    finder.positional = set()
    # '"Go home," Brann barked.' parsed with "Brann" as a compound of "barked"
    doc = _parsed(
        ["\u201c", "Go", "home", ",", "\u201d", "Brann", "barked", "."],
        [1, 1, 1, 1, 1, 6, 1, 1],
        ["punct", "ROOT", "advmod", "punct", "punct", "compound", "appos", "punct"],
        ["PUNCT", "VERB", "ADV", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT"],
    )
    assert finder._subject_by_position(doc[6]).text == "Brann"
    # '"It is fine," said Brann, ...' parsed with "Brann" as an adverb
    doc = _parsed(
        ["\u201c", "It", "is", "fine", ",", "\u201d", "said", "Brann", "."],
        [2, 2, 6, 2, 6, 6, 6, 6, 6],
        ["punct", "nsubj", "ccomp", "acomp", "punct", "punct", "ROOT", "advmod", "punct"],
        ["PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "VERB", "ADV", "PUNCT"],
    )
    assert finder._subject_by_position(doc[6]).text == "Brann"
    # no quote before the cue: nothing to go by
    doc = _parsed(
        ["Later", "said", "Brann", "."],
        [1, 1, 1, 1],
        ["advmod", "ROOT", "advmod", "punct"],
        ["ADV", "VERB", "ADV", "PUNCT"],
    )
    assert finder._subject_by_position(doc[1]) is None


def test_call_names_an_object_with_its_modifiers_before_the_quote(extractor):
    sts, _ = _statements(
        extractor, 'Eva Holm called the use of emergency decrees "quite dangerous."'
    )
    assert [(s["speaker"], s["cue"]) for s in sts] == [("Eva Holm", "called")], sts
    assert sts[0]["quote"].startswith("the use of emergency decrees")


def test_a_quote_signed_by_a_dash_and_a_name_below_it(extractor):
    text = (
        "Senator Olof Brann spoke at length.\n\n"
        '"The big exporters pay no tax at all on their profits."\n\n'
        "\u2014Olof Brann, Tallinn.\n\n"
        '"The harbour will be dredged next spring, whatever it costs."\n\n'
        "- and that was the end of it."
    )
    sts, _ = _statements(extractor, text)
    assert [(s["speaker"], s["cue"]) for s in sts] == [("Olof Brann", "\u2014")], sts
    assert sts[0]["quote"].startswith("The big exporters")


def test_a_digest_item_names_its_speaker_before_the_colon(extractor):
    text = (
        "Ferry news.\n\n"
        "FERRIES RUN LATE ON THE ISLAND ROUTES - Olof Brann: \u201cThe ferries ran late on "
        "every island route this week.\u201d\n\n"
        "What it means - More from Olof Brann: \u201cThe new timetable will hold for the "
        "summer.\u201d\n\n"
        "WHAT THE MAYOR SAID - Liisa Saar was late: \u201cThe tram will be built this year.\u201d"
    )
    sts, _ = _statements(extractor, text)
    assert [(s["speaker"], s["cue"]) for s in sts] == [
        ("Olof Brann", ":"),
        ("Olof Brann", ":"),
    ], sts


def test_adding_with_a_quote_of_its_own_is_a_second_statement(extractor):
    sts, _ = _statements(
        extractor,
        "Harbour chief Olof Brann spoke on Monday. \u201cThe ferries will run late all "
        "week,\u201d Brann said, adding, \u201cNobody can change the weather.\u201d",
    )
    assert [(s["cue"], s["quote"]) for s in sts] == [
        ("said", "The ferries will run late all week"),
        ("adding", "Nobody can change the weather."),
    ], sts
    # "adding that ..." only goes on with the statement of its cue: one
    one, _ = _statements(
        extractor,
        "Harbour chief Olof Brann spoke on Monday. \u201cThe pier is ready,\u201d he said, "
        "adding that the crews had worked all night.",
    )
    assert [s["cue"] for s in one] == ["said"], one


def test_a_subject_inside_the_quote_is_not_the_speaker():
    from graph.extract.statements import _Finder

    class _Ctx:  # the offsets of the doc are the article's
        @staticmethod
        def char_span(tok):
            return tok.idx, tok.idx + len(tok.text)

    finder = _Finder.__new__(_Finder)
    finder.ctx = _Ctx()
    finder.positional = set()
    # '"The fact that he tried," Brann said.' parsed with "fact" as a subject of "said"
    doc = _parsed(
        ["\u201c", "The", "fact", "that", "he", "tried", ",", "\u201d", "Brann", "said", "."],
        [2, 2, 9, 5, 5, 2, 9, 9, 9, 9, 9],
        ["punct", "det", "nsubj", "mark", "nsubj", "acl", "punct", "punct", "nsubj", "ROOT",
         "punct"],
        ["PUNCT", "DET", "NOUN", "SCONJ", "PRON", "VERB", "PUNCT", "PUNCT", "PROPN", "VERB",
         "PUNCT"],
    )  # fmt: skip
    finder.quotes = [(1, doc[6].idx + 1)]
    assert finder._quoted(doc[2]) and not finder._quoted(doc[9])
    assert finder._subject_outside_quote(doc[9]).text == "Brann"


def test_a_cue_far_after_the_quote_past_the_speakers_description(extractor):
    text = (
        "Olof Brann spoke on Monday. \u201cThe ferries will run late all week, and nobody "
        "can change that,\u201d Olof Brann, the harbour chief of the island and a former "
        "captain of the northern ferry line, said on Monday."
    )
    sts, _ = _statements(extractor, text)
    assert [(s["speaker"], s["cue"]) for s in sts] == [("Olof Brann", "said")], sts
    assert sts[0]["quote"].startswith("The ferries will run late")


def test_one_of_a_group_and_a_crowd_are_described_sources(extractor):
    text = (
        "Readers wrote in.\n\n"
        "Another commenter said, \u201cWe all know how she feels about the harbour.\u201d\n\n"
        "\u201cOut!\u201d the crowd yelled.\n\n"
        "Another said, \u201cThe ferry is late again.\u201d"
    )
    x = extractor.extract(
        Article(text=text, title="t", published=date(2025, 3, 14), source="t",
                publisher="Harbour Gazette")
    )  # fmt: skip
    assert [(s.via, s.cue) for s in x.statements] == [
        ("Another commenter", "said"),
        ("the crowd", "yelled"),
        ("Another", "said"),
    ]


def test_a_place_that_modifies_a_description_is_not_the_speaker(extractor):
    text = (
        "Senator Olof Brann spoke in Tallinn on Monday. \u201cThe ferries will run late all "
        "week, and nobody can change that,\u201d the Tallinn senator said."
    )
    sts, _ = _statements(extractor, text)
    assert [(s["speaker"], s["cue"]) for s in sts] == [("Olof Brann", "said")], sts
