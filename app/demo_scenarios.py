"""Fictional case scenarios loaded by `flask seed-demo`; every family here is invented."""

from datetime import date

SCENARIOS: list[dict] = [
    {
        "slug": "maisie-and-kai-orchard-row",
        "title": "Maisie and Kai, Orchard Row",
        "vocabulary": "child_protection",
        "summary": (
            "A baby and a toddler whose parents were drinking before a night-time argument that brought "
            "the police; the baby's weight has dropped. Their grandmother is closely involved and stepped in that night."
        ),
        "referral": (
            "Referral from Gemma Lloyd, the family's health visitor, received on the morning of 12 February, "
            "following a police notification about an incident at the family home two nights earlier.\n\n"
            "Police were called at about 1.30am by a neighbour who heard shouting, a door banging and a baby "
            "crying for more than half an hour. Officers found Shannon and Łukasz both smelling of alcohol and "
            "a broken glass on the kitchen floor. Kai (2) was awake in the hallway in a soaked nappy; Maisie "
            "(almost 6 months) was crying in her cot. Shannon rang her mother, Bernadette, who arrived within "
            "twenty minutes and took both children to her flat for the rest of the night.\n\n"
            "At my visit on 11 February Maisie weighed 6.3 kg; she has dropped from the 50th centile to just "
            "below the 9th since December. There were six empty wine bottles and a crate of lager cans by the "
            "back door, and two made-up bottles of formula on the worktop that Shannon said were from the night "
            "before. The living room was cold and Kai was eating dry cereal off the carpet.\n\n"
            "Shannon told me the argument was 'about money, nothing more' and that neither of them drinks when "
            "they are on their own with the children. Łukasz said he has 'a few cans at the weekend, like anyone'. "
            "Both agreed to Maisie being weighed every week and said they want Bernadette involved."
        ),
        "family_members": [
            {"name": "Maisie Pryce-Nowak", "age": 0, "relation": "Child"},
            {"name": "Kai Pryce-Nowak", "age": 2, "relation": "Child"},
            {"name": "Shannon Pryce", "age": 24, "relation": "Mother"},
            {"name": "Łukasz Nowak", "age": 29, "relation": "Father"},
            {"name": "Bernadette Pryce", "age": 53, "relation": "Maternal grandmother"},
        ],
        "chronology": [
            {
                "date": date(2025, 9, 2),
                "entry": (
                    "Health visitor (new birth visit): Maisie feeding well on formula; home warm and tidy, and "
                    "Shannon and Łukasz said they take turns with night feeds. Bernadette was present and said she "
                    "is 'round most days'."
                ),
            },
            {
                "date": date(2025, 12, 9),
                "entry": (
                    "Health visitor (baby clinic): Maisie weighed 6.4 kg, on the 50th centile. Shannon mentioned "
                    "that Łukasz had been 'going out a lot more' since his warehouse shifts were cut."
                ),
            },
            {
                "date": date(2026, 1, 30),
                "entry": (
                    "Nursery: Kai attended 5 of his 12 funded sessions in January and twice arrived in the previous "
                    "day's clothes with a full overnight nappy. Staff describe him as affectionate with both parents, "
                    "and he runs to Bernadette at pick-up."
                ),
            },
            {
                "date": date(2026, 2, 10),
                "entry": (
                    "Police: attended at about 1.30am after a neighbour reported shouting and a baby crying; both "
                    "parents smelled of alcohol, no injuries were seen and no arrests were made. At Shannon's request "
                    "the children spent the night at their grandmother's flat."
                ),
            },
            {
                "date": date(2026, 2, 19),
                "entry": (
                    "GP: Shannon came alone asking for help to cut down, saying she drinks 'two or three bottles of "
                    "wine over a weekend' and that Łukasz drinks more. Referred to the community alcohol service; "
                    "first appointment booked for March."
                ),
            },
            {
                "date": date(2026, 3, 2),
                "entry": (
                    "Maternal grandmother (phone call): Bernadette says she has had both children every Friday and "
                    "Saturday night since the police came, 'so they're not there when the drinking happens'. She says "
                    "Łukasz has been drinking in the daytime for months, which he denies."
                ),
            },
        ],
    },
    {
        "slug": "zoe-cedar-walk",
        "title": "Zoë, Cedar Walk",
        "vocabulary": "early_help",
        "summary": (
            "A 9-year-old who helps care for her mother, who has a long-term illness; she is late and tired "
            "at school. The family is close and the school is keen to help."
        ),
        "referral": (
            "Referral from Mrs Priya Shah, designated safeguarding lead at Alderwick Primary School, received "
            "on 3 November with Abena Mensah's agreement.\n\n"
            "Zoë (9, Year 5) has been late on 9 of the last 30 school days and her attendance this term is 86%, "
            "down from 97% last year. Her class teacher has seen her fall asleep twice during afternoon lessons. "
            "On 21 October Zoë told her teaching assistant that she 'does Mum's tablets' in the morning, helps "
            "her mum out of the bath, and gets her brother Kwame (5) dressed and into his Reception class. She "
            "said she sometimes stays home 'when Mum's legs are bad' so that Mum is not on her own.\n\n"
            "Abena has multiple sclerosis and uses a walking frame indoors. She told Mrs Shah she has had 'a bad "
            "relapse since the summer' and can no longer drive. She became tearful, said she had not realised how "
            "much Zoë was doing, and asked for help because she does not want Zoë 'to lose her childhood'.\n\n"
            "Staff describe Zoë as kind, funny and proud of looking after her family. Her reading is still at "
            "the expected level, but she has stopped going to netball club. The school has offered both children "
            "breakfast club places from next week."
        ),
        "family_members": [
            {"name": "Zoë Mensah", "age": 9, "relation": "Child"},
            {"name": "Kwame Mensah", "age": 5, "relation": "Brother"},
            {"name": "Abena Mensah", "age": 38, "relation": "Mother"},
            {"name": "Daniel Owusu", "age": 41, "relation": "Father (lives separately)"},
            {"name": "Efua Boateng", "age": 34, "relation": "Maternal aunt"},
        ],
        "chronology": [
            {
                "date": date(2025, 9, 19),
                "entry": (
                    "School: Zoë was late three times in the first two weeks of term. Abena phoned the office "
                    "before 9am each time to explain."
                ),
            },
            {
                "date": date(2025, 10, 8),
                "entry": (
                    "Specialist nurse: Abena's relapse confirmed and new medication started, taken morning and "
                    "night; she said 'my daughter is my right hand'. Occupational therapy referral made for bathroom "
                    "adaptations, with a wait of about 16 weeks."
                ),
            },
            {
                "date": date(2025, 10, 21),
                "entry": (
                    "School: Zoë told her teaching assistant about giving Mum her tablets, helping her out of the bath "
                    "and getting Kwame ready for school. The teaching assistant recorded it and told the safeguarding lead the same day."
                ),
            },
            {
                "date": date(2025, 11, 10),
                "entry": (
                    "Father (phone call): Daniel said he did not know Zoë was missing school and offered to do the "
                    "school run on Tuesdays and Thursdays around his shifts. Abena says Daniel 'says yes and then "
                    "doesn't turn up'."
                ),
            },
            {
                "date": date(2025, 11, 24),
                "entry": (
                    "Family (home visit): Zoë showed the worker an alarm on her tablet set for 10pm 'for Mum's night "
                    "tablets'; Abena says she takes them herself and Zoë only reminds her. Zoë ran Kwame's bath and "
                    "bedtime story while Abena watched from the sofa."
                ),
            },
            {
                "date": date(2026, 1, 16),
                "entry": (
                    "School: attendance since breakfast club started is 95% and Zoë has rejoined netball. Aunt Efua "
                    "now collects both children on Wednesdays and stays for tea."
                ),
            },
        ],
    },
    {
        "slug": "tia-rose-bramley-court",
        "title": "Tia-Rose, Bramley Court",
        "vocabulary": "child_protection",
        "summary": (
            "A 14-year-old who keeps going missing overnight and has an older 'boyfriend', new phones and cash. "
            "Her mother reports every episode and is trying hard to keep her safe."
        ),
        "referral": (
            "Referral from the police missing-from-home coordinator, received on 16 June after Tia-Rose's third "
            "missing episode in five weeks.\n\n"
            "Dawn Whitfield called the police at 11.40pm on 14 June when Tia-Rose (14) had not come home from a "
            "friend's house and her phone was switched off. Officers found her at 4.20am in the back of a parked "
            "car at a petrol station on the ring road with two men who looked to be in their twenties; the men "
            "drove off before officers could speak to them. Tia-Rose had a new phone in a pink case, £60 in cash "
            "and a half-empty bottle of vodka in her bag. She said her boyfriend 'Dee' had bought the phone, that "
            "he is 19 and that he 'looks after her'. She would not give his full name.\n\n"
            "At her return home interview Tia-Rose said nothing had happened and they had 'just been driving "
            "around'. She had a bruise on her upper arm, which she said came from PE.\n\n"
            "Dawn has reported every episode within an hour, has gone out looking for Tia-Rose herself, and has "
            "given officers a written list of cars and first names she has seen near the flats. She said: 'I'm "
            "doing everything I can and it's not enough.'\n\n"
            "Tia-Rose's brother Connor (17) told officers that Dee has asked him to 'drop bags off' for him, "
            "which Connor says he refused."
        ),
        "family_members": [
            {"name": "Tia-Rose Whitfield", "age": 14, "relation": "Child"},
            {"name": "Dawn Whitfield", "age": 42, "relation": "Mother"},
            {"name": "Connor Whitfield", "age": 17, "relation": "Brother"},
            {"name": "Lee Whitfield", "age": None, "relation": "Father (lives separately)"},
            {"name": "Irene Doyle", "age": 67, "relation": "Maternal grandmother"},
        ],
        "chronology": [
            {
                "date": date(2026, 4, 24),
                "entry": (
                    "School (Thornfield Vale Academy): Tia-Rose's attendance has fallen from 95% to 78% this "
                    "half-term, and staff twice saw her getting into a dark car outside the gates at lunchtime. "
                    "The pastoral lead phoned Dawn the same afternoon."
                ),
            },
            {
                "date": date(2026, 5, 11),
                "entry": (
                    "Police: first missing episode, reported by Dawn at 10.15pm. Tia-Rose came home by herself at "
                    "7am and said she had stayed at a friend's, which the friend's mother did not confirm."
                ),
            },
            {
                "date": date(2026, 5, 29),
                "entry": (
                    "Mother (phone call to school): Dawn found a second phone hidden in Tia-Rose's school bag with "
                    "messages from 'Dee' saying 'you owe me now' and gave photographs of them to the police. "
                    "Tia-Rose says the phone belongs to a friend."
                ),
            },
            {
                "date": date(2026, 6, 14),
                "entry": (
                    "Police: third missing episode; Tia-Rose found at 4.20am in a car with two adult men at a petrol "
                    "station. She had cash, alcohol and a new phone."
                ),
            },
            {
                "date": date(2026, 6, 22),
                "entry": (
                    "School nurse: Tia-Rose came to the lunchtime drop-in asking for emergency contraception. She "
                    "said 'it's fine, he's my boyfriend' and would not say more."
                ),
            },
            {
                "date": date(2026, 7, 6),
                "entry": (
                    "Maternal grandmother (home visit): at Dawn's request Irene has had Tia-Rose to stay on Friday "
                    "and Saturday nights for the last two weekends, and she has not gone missing on those nights. "
                    "Irene says Tia-Rose told her the pink phone was a birthday present from her dad; Lee has told "
                    "Dawn he has bought her nothing since Christmas."
                ),
            },
        ],
    },
    {
        "slug": "ibrahim-and-maryam-kestrel-parade",
        "title": "Ibrahim and Maryam, Kestrel Parade",
        "vocabulary": "early_help",
        "summary": (
            "A 6-year-old awaiting an autism assessment and his 3-year-old sister, in a family under money and "
            "housing pressure after a move. The parents are arguing more and have asked for help."
        ),
        "referral": (
            "Referral from Ms Joanna Kerr, special educational needs co-ordinator at Willowbank Primary School, "
            "received on 4 March. Siobhán Rahman asked the school to make it and signed the consent form in the office.\n\n"
            "The family moved in December to a two-bedroom flat above a launderette on Kestrel Parade, after the "
            "landlord of the house they had rented for six years sold it. Ibrahim (6) joined Year 1 in January. He "
            "covers his ears and hides under a table when the hand-dryer is used, lines up pencils during carpet "
            "time and eats only plain pasta, crackers and yoghurt. Most days at pick-up he screams and drops to the "
            "floor for ten to twenty minutes; on 25 February he bit his father's hand while Yusuf was lifting him "
            "away from the road. His GP referred him for an autism assessment in November, and the wait is about "
            "18 months.\n\n"
            "Siobhán said Ibrahim sleeps four or five hours a night, that Maryam (3) 'copies the screaming now', "
            "and that she and Yusuf are 'shouting at each other more than we ever have, and the kids hear it'. "
            "Yusuf's hours were cut in January, their Universal Credit dropped after the move, and they are two "
            "months behind with the rent and using a food bank.\n\n"
            "Both parents have come to every meeting the school has offered. They are asking for help with sleep, "
            "money and 'how to get through this without falling out'."
        ),
        "family_members": [
            {"name": "Ibrahim Rahman", "age": 6, "relation": "Child"},
            {"name": "Maryam Rahman", "age": 3, "relation": "Child"},
            {"name": "Siobhán Rahman", "age": 33, "relation": "Mother"},
            {"name": "Yusuf Rahman", "age": 35, "relation": "Father"},
            {"name": "Nasreen Rahman", "age": 61, "relation": "Paternal grandmother"},
        ],
        "chronology": [
            {
                "date": date(2025, 11, 18),
                "entry": (
                    "GP: referred Ibrahim to the community paediatric team for an autism assessment after Siobhán "
                    "described his sleep, eating and reactions to noise. Waiting time quoted as about 18 months."
                ),
            },
            {
                "date": date(2025, 12, 12),
                "entry": (
                    "Council housing officer: family moved into the flat on Kestrel Parade after their landlord gave "
                    "notice to sell. The officer judged the flat suitable but noted black mould on the children's "
                    "bedroom window frame."
                ),
            },
            {
                "date": date(2026, 1, 28),
                "entry": (
                    "Nursery (Puddleduck Lane Nursery): Maryam has settled into her funded hours and is chatty, clean "
                    "and well dressed. Staff say Yusuf talks warmly about both children at drop-off but looks 'worn out'."
                ),
            },
            {
                "date": date(2026, 2, 20),
                "entry": (
                    "Police community support officer: attended at about 9pm after the next-door neighbour reported "
                    "screaming and banging, and found Ibrahim rocking in the hallway, both parents calm and Maryam "
                    "asleep. The neighbour says she hears adults shouting 'most nights'; the parents say the noise "
                    "is Ibrahim at bedtime."
                ),
            },
            {
                "date": date(2026, 3, 4),
                "entry": (
                    "School: the special educational needs co-ordinator made the referral at Siobhán's request, "
                    "describing daily distress at pick-up and one bite to Yusuf's hand. School has started a visual "
                    "timetable and a quiet space for Ibrahim."
                ),
            },
            {
                "date": date(2026, 3, 18),
                "entry": (
                    "Family (home visit): the parents have agreed that whoever is calmer does Ibrahim's bedtime while "
                    "the other takes Maryam into the kitchen, and they report two 'bad nights' in the last week instead "
                    "of most nights. Nasreen now visits on Sundays so they can take Maryam to the park."
                ),
            },
        ],
    },
]
