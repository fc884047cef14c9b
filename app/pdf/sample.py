"""A made-up map of any size, as plain data: for the benchmark, the tests and the sample image.

Built without a database, so a layout change can be measured and looked at in seconds."""

from datetime import date
from itertools import cycle, islice

from app.pdf.data import (
    CardData,
    ColumnData,
    CommentNote,
    MapData,
    PairData,
    RatingData,
    ScaleData,
    SectionData,
)

LOW = "Things are so bad that the child cannot live at home."
HIGH = "Everyone knows the child is safe enough for the local authority to close the case."

TEXTS = {
    "Harm": [
        "Robin (7) came to school on 3 March with a bruise on his upper arm. He told his "
        "teacher that dad had grabbed him when he would not get in the car.",
        "Robin has missed 14 days of school this term; on six of them no one rang in.",
        "Nursery staff saw Robin's sister Mia (3) with a nappy that had not been changed all day.",
    ],
    "Complicating factors": [
        "Dad (Lee) works nights and sleeps in the day; mum (Shannon) is often at her mother's.",
        "Three different social workers in six months: the family say they have told their story "
        "too many times.",
        "The family's flat is damp and the landlord has not answered repair requests.",
    ],
    "Existing strengths": [
        'Robin says nan (Pat) is "the best at hugs" and he goes to hers every Saturday.',
        "Lee took Robin to every swimming lesson last term.",
        "Shannon asked the health visitor for help with Mia's sleep herself.",
    ],
    "Existing safety": [
        "When Lee was angry in January, Shannon took both children to Pat's and stayed two "
        "nights. Pat confirms this.",
        "Pat has collected Robin from school every Wednesday since September.",
    ],
    "Next steps": [
        "Social worker to meet Lee and Shannon with Pat by 20 March to agree a safety plan.",
        "School to tell the social worker the same day if Robin is absent and no one rings.",
        "Health visitor to visit Mia at home within two weeks.",
    ],
    "Grey area": [
        "A neighbour says she hears shouting most evenings; the family say it is the TV.",
    ],
    "House of worries": ["When dad shouts in the car.", "When mum is not there at bedtime."],
    "House of good things": ["Swimming with dad.", "Nan's hugs and her dog Biscuit."],
    "House of dreams": ["Everyone eating tea together and no shouting.", "A puppy."],
}


def sample_map(cards: int = 60, *, title: str = "Robin's map", pairs: int = 2) -> MapData:
    """A map with about `cards` cards spread over the five column categories."""
    per_category = max(1, cards // 5)

    def section(label: str, count: int = per_category) -> SectionData:
        texts = islice(cycle(TEXTS[label]), count)
        return SectionData(
            label,
            [
                CardData(text, source="Class teacher" if n % 3 == 0 else "")
                for n, text in enumerate(texts)
            ],
        )

    the_pairs = [_pair(number) for number in range(1, pairs + 1)]
    columns = [
        ColumnData(
            "worries",
            "What are we worried about?",
            [
                section("Harm"),
                SectionData(
                    "Danger statements",
                    [CardData(p.statement, number=p.number) for p in the_pairs],
                ),
                section("Complicating factors"),
            ],
        ),
        ColumnData(
            "working-well",
            "What's working well?",
            [section("Existing strengths"), section("Existing safety")],
        ),
        ColumnData(
            "next",
            "What needs to happen?",
            [
                SectionData("Safety goals", [CardData(p.goal, number=p.number) for p in the_pairs]),
                section("Next steps"),
            ],
        ),
    ]
    return MapData(
        title=title,
        scenario_title="Robin and Mia: a bruise at school",
        authors=["Priya Trainee", "Cleo Coauthor"],
        cohort="ASYE cohort 6 — January",
        date=date(2026, 11, 25),
        status="Submitted for review",
        vocabulary="Child protection",
        statement_label="Danger statement",
        goal_label="Safety goal",
        columns=columns,
        pairs=the_pairs,
        map_scale=ScaleData(
            "Safety scale for the whole map",
            LOW,
            HIGH,
            [
                RatingData("Worker", 4, "Robin is safe at nan's, but not yet at home.", _DAY),
                RatingData("Supervisor", 3, "No one outside the family knows the plan yet.", _DAY),
                RatingData("Pat (parent or carer)", 7, "I'm always there for them.", _DAY),
            ],
        ),
        grey_area=section("Grey area", 1),
        houses=[section(label, 2) for label in TEXTS if label.startswith("House")],
        child="Robin, aged 7",
        comments=[
            CommentNote(
                1,
                "Harm: Robin (7) came to school…",
                "Sam Supervisor",
                "Good, specific detail: who saw it, when, and what Robin said.",
            ),
        ],
    )


_DAY = date(2026, 11, 20)


def _pair(number: int) -> PairData:
    return PairData(
        number=number,
        statement=(
            "The school and the social worker are worried that if Lee grabs Robin again when "
            "he is angry, Robin could be badly hurt and will be scared to be at home."
        ),
        goal=(
            "Lee and Shannon will show that when Lee is angry he walks away and Shannon or Pat "
            "looks after Robin; Robin will say he feels safe at home; school will see no new "
            "injuries, for six months."
        ),
        scale=ScaleData(
            f"Scale for pair {number}",
            LOW,
            HIGH,
            [
                RatingData(
                    "Worker", 4, "Lee has agreed to talk, but nothing has changed yet.", _DAY
                ),
                RatingData("Shannon (parent or carer)", 8, "He'd never really hurt him.", _DAY),
                RatingData("Robin (child)", 5, "", _DAY),
                RatingData("Class teacher (another professional)", 4, "Still worried.", _DAY),
            ],
        ),
    )
