"""The demo council's Local Offer pages and published feedback responses.

Pages are Markdown. The page template shows the title as the only level 1 heading, so
sections start at "##". Names, phone numbers and addresses are fictional (see vocabulary).
"""

from __future__ import annotations

PERSONAL_BUDGETS = """\
## What a personal budget is

A personal budget is an amount of money that pays for some of the support your child or
young person needs. Instead of the council choosing every service, you help decide what
support is bought, who gives it and when.

A personal budget does not usually pay for everything. Most of the help a child gets at
school or college is paid for in other ways, and carries on whether or not you have a
personal budget.

You do not have to have one. If you would rather we arrange the support, tell us. You can
change your mind later.

## Who can have one

You can ask for a personal budget if:

- your child or young person has an education, health and care (EHC) plan, or we have
  agreed to carry out an EHC needs assessment and write a plan – you can ask while the plan
  is being written, or at an annual review or reassessment
- your child is disabled and has been assessed as needing support from children's social
  care, such as short breaks or a personal assistant
- your child is eligible for NHS continuing care – this part is a personal health budget,
  agreed with the NHS rather than the council

Young people aged 16 to 25 can ask for a personal budget for themselves and can hold it in
their own name. Parents and carers can still help.

## The four ways to hold a budget

You can choose a different way for each part of the budget, and change it later.

### Direct payment

We pay the money into a bank account that you use only for your child's support. You buy
the support yourself: for example, you employ a personal assistant or pay for a club.

It gives you the most choice and asks the most of you. You will need to:

- sign a direct payment agreement with us before the first payment
- keep receipts and bank statements, and show them to us when we ask
- take on the duties of an employer if you employ someone: pay, tax, National Insurance,
  holiday pay, a pension and employer's insurance (our payroll service can do most of this
  for you, paid from the budget)
- make sure anyone you employ is safe to work with your child – we ask for an enhanced DBS
  check and two references, and you confirm to us that you have them
- tell us if things change, for example if the support stops

A young person over school leaving age, or someone you name in writing, can receive the
direct payment instead of a parent. Whoever receives it must agree to it and be able to
manage it, with help if needed.

### Managed account

The council, or a support organisation you choose from our list, holds the money and pays
for the support on your behalf. You still decide what support you want and who gives it.
You do not handle the money or keep the accounts.

It asks you to tell the account holder what to pay for, and to check the statements they
send you.

### Arranged by the council (a notional budget)

No money is paid to you. We tell you what the support costs and arrange it, with your
views shaping what we buy and how it is given. A school or college can also hold a
notional budget for support it gives.

It asks the least of you: tell us what is working and what is not, and we do the rest.

### A mix of these

You can combine them. For example, you might take a direct payment for a personal
assistant and let us arrange transport to school.

## How we work out your indicative budget

Before you plan your support, we give you an **indicative budget**: an early estimate of
how much money is likely to be needed to meet your child's needs. It is a starting point,
not a final amount.

We work it out from a questionnaire you fill in with your child's key worker or social
worker. It asks about parts of everyday life, such as personal care, health,
communication, behaviour and emotional wellbeing, learning, getting out and about, and how
the family is managing. Each answer scores points. We adjust the total for your child's
age, and a published table turns the points into an amount of money for each part of the
budget: social care, special educational needs and health.

We show you every answer, the points it scored and how we reached the amount, so you can
check it and tell us if something is wrong. A practitioner confirms it with you.

We show you the amount before you plan so that you can plan support that fits, compare
different ways of meeting the same goal, and know where you stand. If your child's needs
call for more than the indicative budget, say why in the plan and we will consider it.

If your child already had support, we limit how much the amount can change from one year
to the next, so any change is gradual. We will tell you when this applies.

## How decisions are made

1. You write a support plan, on your own, with your key worker or with a support planner
   you choose. It says what you want to be different for your child, how you will know,
   and what support you will use.
2. A manager with authority to agree the amount checks the plan. Plans above their limit,
   or above the indicative budget, go to our resource panel, which meets every 2 weeks.
3. We write to you with the decision within 4 weeks of receiving the complete plan. If the
   budget is part of an EHC plan, it is written into section J of the plan and follows the
   EHC plan timescales instead.
4. If we agree, we send you the direct payment agreement or set up the account.

The amount must be enough to pay for the support agreed in the plan.

Sometimes we cannot turn a service into money. This happens when a service is paid for
through one contract for many families, and taking out one family's share would harm the
service for everyone else. If this applies to you, we will tell you which part and why.

If we refuse a direct payment, or reduce or stop one, we will tell you why in writing and
give you reasonable notice.

### Reviews

We review a direct payment within the first 3 months, and then at every EHC plan review –
at least once a year. You can ask for a review at any time, for example if your child's
needs change.

### Asking us to think again

If you disagree with a decision about a personal budget or direct payment, you can ask us
to reconsider it. Email or write to us within 28 days of our letter, saying what you
disagree with and why. A manager who was not part of the first decision will look at it
again and reply in writing within 20 working days.

If you disagree with the special educational provision in an EHC plan, you can also use
mediation and appeal to the SEND Tribunal. Brackenshire SEND Information, Advice and
Support Service (SENDIASS) gives free, impartial help with this.

## What a direct payment cannot pay for

- a place at a school or college, or its fees
- support given on a school's or college's premises, unless the headteacher or principal
  agrees
- paying a close relative who lives in your home from a social care budget, unless we agree
  it is necessary for your child
- long-term residential care (overnight short breaks are fine)
- everyday costs every family has, such as food, rent, household bills or pocket money
- alcohol, tobacco, gambling or anything illegal

If you are not sure whether something is allowed, ask us before you buy it.

## Contact the personal budgets team

- Email: personal.budgets@brackenshire.example
- Phone: 01632 960118, Monday to Friday, 9am to 5pm
"""

SHORT_BREAKS_ELIGIBILITY = """\
## Who short breaks are for

Short breaks are for children and young people who live in Brackenshire and have a
disability or long-term condition that has a big effect on their everyday life, and for
their families. You do not need a diagnosis to use open-access breaks.

There are three levels. The more support your family needs, the more we need to know
before we can offer it.

## Open-access short breaks: no assessment

Clubs, holiday schemes, youth groups and inclusive sport and leisure sessions in the Local
Offer that any disabled child or young person up to 25 can go to.

- **Who can use them:** any disabled child or young person, and their brothers and sisters
  where the provider allows
- **How to get them:** book with the provider; you do not need to ask us
- **Cost:** some are free; others charge a fee, which each service shows

## Targeted short breaks: a simple self-assessment

For families who need more than open-access activities, but not a social care
assessment. This can include one-to-one support so your child can go to a club, places at
holiday schemes with more staff, or a short breaks direct payment of up to £750 a year.

Your child can have targeted short breaks if they are aged 0 to 17, live in Brackenshire,
and:

- have an EHC plan, or
- get the middle or higher rate of the care part of Disability Living Allowance, or the
  daily living part of Personal Independence Payment, or
- have a disability confirmed in writing by a health professional

and your family would struggle to use open-access activities without extra support.

**How to apply:** fill in our short breaks self-assessment. It takes about 20 minutes and
asks about your child and your family. Call the Short Breaks Team on 01632 960204 or email
shortbreaks@brackenshire.example, and we will send it to you by email or post, or fill it
in with you over the phone. We will tell you our decision within 15 working days. We do
not need to visit you.

## Specialist short breaks: after a social care assessment

For children with complex needs and families who need more help: overnight breaks in a
residential home or with a short break foster carer, care at home, or a personal
assistant paid for from a personal budget.

Your child may be eligible if an assessment by the Disabled Children's Team shows that
they need this support, under section 17 of the Children Act 1989. The assessment looks at
your child's needs, your family's circumstances and your own needs as a carer. We aim to
finish it within 45 working days.

**How to apply:** ask for an assessment through Children's Services on 01632 960000, or
ask a professional who knows your family, such as your GP, health visitor or your child's
school, to refer you with your agreement.

## How we decide

- **Targeted breaks:** an officer in the Short Breaks Team checks your self-assessment
  against the criteria above.
- **Specialist breaks:** your social worker recommends the support and a team manager
  agrees it. Larger packages go to our resource panel, which meets every 2 weeks.

We always tell you our decision in writing, with the reasons.

## Asking for a review

If your child's needs or your family's circumstances change, ask us to look again at any
time. We also review targeted short breaks every year and specialist short breaks at
least once a year.

If you disagree with a decision, ask for a review within 28 days of our letter. A manager
who was not part of the decision will look at it again and reply within 20 working days.
If you are still unhappy, you can use the council's complaints procedure for children's
social care.
"""

ABOUT_THE_LOCAL_OFFER = """\
## What the Local Offer is

Every council in England must publish a Local Offer. It describes the support for
children and young people aged 0 to 25 with special educational needs or disabilities
(SEND) that we expect to be available, in Brackenshire and outside it, and how to get it.

It includes services run by the council, the NHS, schools and colleges, charities and
private providers. It also tells you:

- what each service costs, including the unit costs families with a personal budget need
- [which short breaks there are and who can use them](/short-breaks-statement)
- [how personal budgets work](/local-offer/personal-budgets)
- [what people told us about the Local Offer and what we did about it](/you-said-we-did)

We wrote the Local Offer with Brackenshire Parent Carer Forum and young people from our
SEND youth panel, and we review it with them every year.

## How we check services

Before we list a service, we check that:

- it is open to Brackenshire families and is running now
- it is registered with Ofsted or the Care Quality Commission, if the law requires it
- it has a safeguarding policy and insurance
- its costs and who it is for are clear

We ask every provider to confirm its details at least once a year, and each service shows
the date we last checked it. We remove services that do not confirm their details within
15 months.

A listing is not a recommendation. Before you use a service, ask the provider about
anything that matters to you, such as staff training and safety checks.

## If something is wrong or missing

[Tell us using our feedback form](/feedback). Providers can ask us to add or change a
service the same way.

## Getting the Local Offer in another format

You can ask for any part of the Local Offer in large print, easy read, audio, Braille or
another language, or as a printed copy.

- Email: localoffer@brackenshire.example
- Phone: 01632 960150, Monday to Friday, 9am to 5pm
- If you are deaf or find it hard to hear or speak, use Relay UK: dial 18001 then 01632 960150

Tell us which part you need and the format that works for you. We will reply within 10
working days.

Every page of this website can also be printed, and the whole directory can be
[downloaded as open data](/open-data).

## Help to use the Local Offer

Computers are free to use at every Brackenshire library, and staff can help you search.
Brackenshire SEND Information, Advice and Support Service (SENDIASS) gives free,
confidential and impartial advice about SEND support.
"""

CONTENT_PAGES: list[dict[str, str]] = [
    {
        "slug": "personal-budgets",
        "title": "How personal budgets work",
        "summary": (
            "A personal budget is money set aside to pay for some of the support your child "
            "or young person needs. You choose how it is held and help decide how it is spent."
        ),
        "body": PERSONAL_BUDGETS,
    },
    {
        "slug": "short-breaks-eligibility",
        "title": "Short breaks: who can have them and how to apply",
        "summary": (
            "Short breaks come at three levels. Some are open to any family; others need a "
            "short self-assessment or a social care assessment."
        ),
        "body": SHORT_BREAKS_ELIGIBILITY,
    },
    {
        "slug": "about-the-local-offer",
        "title": "About the Local Offer",
        "summary": (
            "The Local Offer brings together information about support for children and young "
            "people aged 0 to 25 with special educational needs or disabilities, and their "
            "families."
        ),
        "body": ABOUT_THE_LOCAL_OFFER,
    },
]

# "You said, we did": the council's published summaries of feedback and what it changed.
PUBLISHED_FEEDBACK: list[dict[str, str | int]] = [
    {
        "message": (
            "I couldn't work out how much a personal assistant would cost before our "
            "planning meeting. Every service just said 'contact us'."
        ),
        "you_said": (
            "Families could not compare services or plan a personal budget because many "
            "services did not show their prices."
        ),
        "we_did": (
            "We asked every provider for its costs per hour, session, day or night. Most "
            "services now show them, and you can filter and sort by cost. Providers who do "
            "not give their costs are reminded each time we check their details."
        ),
        "days_ago": 21,
    },
    {
        "message": (
            "The short breaks self-assessment form is 14 pages long and asks the same "
            "questions as the EHC plan. It took me two evenings."
        ),
        "you_said": (
            "The short breaks self-assessment was too long and repeated questions families "
            "had already answered."
        ),
        "we_did": (
            "We worked with Brackenshire Parent Carer Forum to cut the form from 14 pages to "
            "4. If your child has an EHC plan, we now use what it already says instead of "
            "asking again. You can also fill it in with us over the phone."
        ),
        "days_ago": 64,
    },
    {
        "message": (
            "My son is 19 and most of the clubs listed stop at 18. It felt like the Local "
            "Offer forgot about young adults."
        ),
        "you_said": (
            "There was little in the Local Offer for young people aged 18 to 25, and it was "
            "hard to find what there was."
        ),
        "we_did": (
            "We added 12 services for young adults, including supported internships, "
            "evening social groups and travel training. You can now search by age, so "
            "services that do not suit your young person's age are left out."
        ),
        "days_ago": 130,
    },
    {
        "message": (
            "We were told our direct payment would be reviewed but nobody told us when or "
            "what would happen. I was worried the money would just stop."
        ),
        "you_said": (
            "Families did not know when their direct payment would be reviewed or what a "
            "review involved, and worried their support would stop without warning."
        ),
        "we_did": (
            "We now write to you 6 weeks before a review to explain what will happen. Our "
            "page on how personal budgets work explains reviews and how to ask us to think "
            "again about a decision. We will never stop a direct payment without telling "
            "you why in writing and giving you notice."
        ),
        "days_ago": 200,
    },
]
