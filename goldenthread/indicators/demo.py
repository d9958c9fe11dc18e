"""Demo council step: the corporate basket of about seventy indicators, their targets and
six years of returns, so every state the service shows has something to show.

Values come from a level, a trend, a season and noise drawn from the council's seeded
generator, so the same seed on the same day gives the same council. A few indicators carry
planted special causes (a sustained shift each way, a rising run, one astronomical month);
two are red twice running and one is just amber. Past returns are approved, with a few
gaps; the quarter being reported now is a realistic mix of approved, submitted, draft and
not started.

Rows are written with bulk_create so the whole demo builds in a few seconds. Their history
is written with simple-history's bulk_history_create, dated and attributed to whoever acted,
because bulk_create writes none.
"""

import copy
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DateTimeField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.calculations.aggregation import (
    Aggregation,
    ProfileMethod,
    aggregate,
    profile_annual_target,
)
from goldenthread.calculations.formula import parse_formula
from goldenthread.calculations.rag import RagStatus
from goldenthread.demo import DemoCouncil
from goldenthread.indicators import judging
from goldenthread.indicators.models import (
    Indicator,
    IndicatorObjective,
    IndicatorReturn,
    ReturnSchedule,
    Target,
)
from goldenthread.strategy.models import ReportingPeriod

Status = IndicatorReturn.Status
NOT_STARTED = "not_started"
YEARS_OF_HISTORY = 6
OPENS_DAYS_AFTER_END = -7
DEADLINE_DAYS_AFTER_END = 15
STORED = Decimal("0.000001")  # the places a value is stored to
BATCH = 500


@dataclass(frozen=True, kw_only=True)
class Spec:
    """One indicator of the basket and how its demo values behave."""

    code: str
    title: str
    definition: str
    source: str
    system: str
    owner: str  # username of the lead officer
    team: str  # responsible org unit
    objectives: tuple[tuple[str, str], ...] = ()  # (objective code or key, direct|contributory)
    method: str = ""
    numerator: str = ""
    denominator: str = ""
    measure: str = "percent"  # Indicator.Unit
    places: int = 1
    polarity: str = "higher"
    frequency: str = "quarterly"
    aggregation: str = "average"
    kind: str = "outcome"
    statutory: bool = False
    geography: str = "borough"
    updaters: tuple[str, ...] = ()
    level: float = 0.0  # value in the first period (for year-to-date: the whole year)
    trend: float = 0.0  # change a year
    noise: float = 0.0  # standard deviation of a period's value
    season: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # by quarter of the year
    weights: tuple[float, ...] = ()  # year-to-date: how the year builds up, period by period
    slack: float = 0.5  # targets this many noise widths easier than expected (negative: stretch)
    tolerance: tuple[float, bool] | None = None  # (amount, is a percentage); None: a default
    band: tuple[float, float] | None = None
    fixed: float | None = None  # the same target every year, instead of one from the trend
    long_term: tuple[float, int] | None = None
    revision: tuple[float, str] | None = None  # change to this year's target, and why
    formula: str = ""
    qualitative: bool = False
    pattern: tuple[str, int, float] | None = None  # shift|rise|spike|red|amber, points, size
    unusual: str = ""  # the officer's explanation of a spike, confirmed at submission
    rationale: str = ""
    cause: str = ""  # why a value falls short, for the commentary
    action: str = ""  # the remedial action when red
    signed_off: bool = True


SPECS = [
    # Environment ---------------------------------------------------------------------------
    Spec(
        code="PI-ENV-01",
        title="Streets with unacceptable levels of litter",
        definition="Percentage of relevant land and highway surveyed that falls below grade B for litter in the local environmental quality survey.",
        numerator="Transects graded below B for litter",
        denominator="Transects surveyed",
        source="Local environmental quality survey (three tranches a year, sampled each quarter)",
        system="LEQSE survey workbook",
        owner="officer.cleansing",
        team="Street Cleansing",
        objectives=(("CP-ENV-2", "direct"), ("cfya-zones", "direct")),
        polarity="lower",
        statutory=True,
        geography="ward",
        level=9.6,
        trend=-0.15,
        noise=0.7,
        pattern=("shift", 9, -4.2),
        long_term=(4.0, 2028),
        rationale="Former national indicator NI 195a; the hit squad and zone teams aim to halve litter failures by 2028.",
        cause="Litter failures concentrated on the retail parades and the approach roads to the stadium.",
        action="Hit squad redeployed to the failing transects on match days; litter bins on the parades emptied twice daily.",
    ),
    Spec(
        code="PI-ENV-02",
        title="Streets with unacceptable levels of detritus",
        definition="Percentage of relevant land and highway surveyed that falls below grade B for detritus (sand, silt, leaf fall).",
        numerator="Transects graded below B for detritus",
        denominator="Transects surveyed",
        source="Local environmental quality survey",
        system="LEQSE survey workbook",
        owner="officer.cleansing",
        team="Street Cleansing",
        objectives=(("CP-ENV-2", "direct"), ("cfya-zones", "contributory")),
        polarity="lower",
        statutory=True,
        geography="ward",
        level=12.5,
        trend=-0.3,
        noise=0.9,
        season=(-0.5, -0.8, 2.2, 0.4),
        rationale="Detritus peaks with autumn leaf fall; the target allows for the season and asks for steady improvement.",
        cause="Autumn leaf fall arrived early and the mechanical sweepers were diverted to the flood-risk gullies.",
        action="Additional sweeper hired for eight weeks; leaf-fall rounds re-scheduled to the worst-affected wards.",
    ),
    Spec(
        code="PI-ENV-03",
        title="Zones and patches at a high or acceptable standard of cleanliness",
        definition="Percentage of the borough's cleansing zones and patches inspected that meet grade B or better for litter and detritus.",
        numerator="Zones and patches inspected at grade B or better",
        denominator="Zones and patches inspected",
        source="Care for Your Area zone inspections",
        system="Confirm street cleansing module",
        owner="officer.cleansing",
        team="Street Cleansing",
        objectives=(("cfya-zones", "direct"), ("CP-ENV-2", "contributory")),
        level=90.5,
        trend=0.35,
        noise=1.1,
        long_term=(95.0, 2028),
        rationale="The Care for Your Area service plan commits to 95% of zones at a high or acceptable standard.",
        cause="Two zone teams were short-staffed through sickness and the agency cover was late starting.",
        action="Agency operatives booked for the rest of the quarter; zone rotas re-balanced across the east and west areas.",
    ),
    Spec(
        code="PI-ENV-04",
        title="Reported hot spots cleared within 2 working days",
        definition="Percentage of litter and fly-tipping hot spots reported by residents and members that the hit squad clears within 2 working days.",
        numerator="Hot spots cleared within 2 working days",
        denominator="Hot spots reported",
        source="Hit squad job records",
        system="Confirm street cleansing module",
        owner="manager.cleansing",
        team="Street Cleansing",
        objectives=(("cleansing-hit-squad", "direct"),),
        kind="output",
        level=81.0,
        trend=1.0,
        noise=2.8,
        rationale="A new hit squad standard from 2025/26; the target rises each year as the squad beds in.",
        cause="A spike in reports after the bank holiday weekends stretched the two-person squad.",
        action="Second hit squad vehicle released from the bulky waste round on Mondays and Tuesdays.",
    ),
    Spec(
        code="PI-ENV-05",
        title="Fly-tipping incidents reported",
        definition="Number of fly-tipping incidents on public land reported to or found by the council in the month.",
        source="Flycapture return to Defra",
        system="Confirm street cleansing module",
        owner="officer.cleansing",
        team="Street Cleansing",
        objectives=(("CP-ENV-2", "contributory"),),
        measure="number",
        places=0,
        polarity="lower",
        frequency="monthly",
        aggregation="sum",
        kind="outcome",
        statutory=True,
        geography="ward",
        level=165.0,
        trend=-4.0,
        noise=13.0,
        season=(8.0, 12.0, -6.0, -10.0),
        pattern=("spike", 14, 240.0),
        unusual="Checked against the source: one site by the industrial estate had repeated large-scale tipping until the landowner fenced it; every incident was logged and cleared.",
        rationale="Reported monthly to Defra; the target follows the downward trend since enforcement patrols began.",
        cause="More incidents on the back lanes of the terraced streets after the bulky waste charge rose.",
        action="Enforcement patrols in the back lanes twice a week, with CCTV at the three worst sites.",
    ),
    Spec(
        code="PI-ENV-06",
        title="Household waste sent for reuse, recycling or composting",
        definition="Percentage of household waste collected that is sent for reuse, recycling or composting.",
        method="Calculated: (tonnes recycled and reused + tonnes composted) ÷ total household waste collected × 100.",
        numerator="Tonnes sent for reuse, recycling or composting",
        denominator="Total household waste collected (tonnes)",
        source="WasteDataFlow return",
        system="Calculated from PI-ENV-07, PI-ENV-08 and PI-ENV-09",
        owner="officer.waste",
        team="Waste and Recycling",
        objectives=(("CP-ENV-3", "direct"),),
        statutory=True,
        formula="({PI-ENV-07} + {PI-ENV-08}) / {PI-ENV-09} * 100",
        level=36.6,
        trend=1.2,
        noise=1.0,
        season=(3.2, 2.2, -1.0, -3.4),
        long_term=(50.0, 2028),
        rationale="Former national indicator NI 192; the Council Plan aims for half of household waste recycled or composted by 2028.",
    ),
    Spec(
        code="PI-ENV-07",
        title="Household waste sent for reuse and recycling (tonnes)",
        definition="Tonnes of household waste collected for reuse and dry recycling, including bring sites and the household waste recycling centre.",
        source="WasteDataFlow return; weighbridge tickets",
        system="WasteDataFlow",
        owner="officer.waste",
        team="Waste and Recycling",
        objectives=(("CP-ENV-3", "contributory"),),
        measure="number",
        places=0,
        aggregation="sum",
        kind="output",
        level=5200.0,
        trend=80.0,
        noise=110.0,
        season=(120.0, 60.0, 40.0, -220.0),
        rationale="Rises with the kerbside glass collection rolled out from 2024.",
        cause="Contamination rejected two loads at the materials recovery facility.",
        action="Crews tagging contaminated bins and the recycling officer visiting the streets with the highest rejection rates.",
    ),
    Spec(
        code="PI-ENV-08",
        title="Household waste sent for composting (tonnes)",
        definition="Tonnes of garden and food waste collected and sent for composting or anaerobic digestion.",
        source="WasteDataFlow return; weighbridge tickets",
        system="WasteDataFlow",
        owner="officer.waste",
        team="Waste and Recycling",
        objectives=(("CP-ENV-3", "contributory"),),
        measure="number",
        places=0,
        aggregation="sum",
        kind="output",
        level=2300.0,
        trend=60.0,
        noise=90.0,
        season=(900.0, 700.0, -300.0, -1000.0),
        rationale="Garden waste tonnage is seasonal; the profile follows the growing season.",
        cause="A dry summer cut garden waste tonnages across the region.",
        action="Food waste caddy liners offered free for a quarter to lift participation.",
    ),
    Spec(
        code="PI-ENV-09",
        title="Total household waste collected (tonnes)",
        definition="Tonnes of household waste collected from kerbside rounds, bring sites and the household waste recycling centre.",
        source="WasteDataFlow return; weighbridge tickets",
        system="WasteDataFlow",
        owner="officer.waste",
        team="Waste and Recycling",
        objectives=(("CP-ENV-3", "contributory"),),
        measure="number",
        places=0,
        polarity="lower",
        aggregation="sum",
        kind="input",
        level=20500.0,
        trend=-150.0,
        noise=260.0,
        season=(600.0, 400.0, -100.0, -900.0),
        rationale="Waste minimisation: less waste collected per household each year.",
        cause="Tonnages rose after the Christmas period and the clear-out of two large estates.",
        action="Waste minimisation campaign with the housing associations before the next estate clearances.",
    ),
    Spec(
        code="PI-ENV-10",
        title="Residual household waste per household (kg)",
        definition="Kilograms of household waste not sent for reuse, recycling or composting, per household.",
        method="Residual household waste (kg) ÷ number of households on the council tax base.",
        numerator="Residual household waste (kg)",
        denominator="Households on the council tax base",
        source="WasteDataFlow return; council tax base",
        system="WasteDataFlow",
        owner="officer.waste",
        team="Waste and Recycling",
        objectives=(("CP-ENV-3", "direct"),),
        measure="number",
        places=0,
        polarity="lower",
        aggregation="sum",
        statutory=True,
        level=122.0,
        trend=-1.5,
        noise=2.5,
        season=(2.0, 1.0, 1.0, -4.0),
        rationale="Former national indicator NI 191; falls as recycling rises.",
        cause="Residual tonnage held up while recycling dipped.",
        action="Side waste policy enforced on the fortnightly residual rounds.",
    ),
    Spec(
        code="PI-ENV-11",
        title="Missed bin collections per 100,000 collections",
        definition="Collections reported missed and upheld, per 100,000 scheduled collections.",
        numerator="Missed collections upheld",
        denominator="Scheduled collections",
        method="Missed collections upheld ÷ scheduled collections × 100,000.",
        source="Round sheets and customer reports",
        system="Bartec Collective",
        owner="officer.waste",
        team="Waste and Recycling",
        objectives=(("CP-ENV-3", "contributory"),),
        measure="rate_100000",
        places=1,
        polarity="lower",
        frequency="monthly",
        kind="output",
        level=64.0,
        trend=-1.5,
        noise=6.0,
        season=(0.0, -2.0, 3.0, 10.0),
        rationale="Within the top quartile of the APSE performance network.",
        cause="Snow and ice meant two rounds could not be completed on the hill estates.",
        action="Catch-up crews on Saturdays until the backlog cleared; gritting of the depot yard added to the winter plan.",
    ),
    Spec(
        code="PI-ENV-12",
        title="Carbon dioxide emissions per resident from domestic energy (tonnes)",
        definition="Estimated tonnes of CO2 a year from domestic gas and electricity use, per resident.",
        numerator="Domestic CO2 emissions (tonnes)",
        denominator="Mid-year population estimate",
        method="Domestic CO2 emissions ÷ mid-year population.",
        source="DESNZ UK local authority greenhouse gas emissions statistics",
        system="DESNZ statistical release",
        owner="head.protection",
        team="Environmental Health",
        objectives=(("CP-ENV-1", "direct"),),
        measure="number",
        places=2,
        polarity="lower",
        frequency="annual",
        aggregation="latest",
        statutory=True,
        level=1.86,
        trend=-0.06,
        noise=0.02,
        rationale="The Council Plan target of 9,000 tonnes less CO2 from homes each year.",
        cause="A cold winter raised gas use across the North East.",
        action="Warm Homes grant targeted at the oldest private rented stock.",
    ),
    Spec(
        code="PI-ENV-13",
        title="Carbon dioxide saved by home energy schemes (tonnes, year to date)",
        definition="Estimated lifetime-annualised tonnes of CO2 saved by insulation, heat pumps and solar fitted through council schemes this year.",
        source="Scheme completion certificates and standard savings factors",
        system="Warm Homes scheme tracker",
        owner="head.protection",
        team="Environmental Health",
        objectives=(("CP-ENV-1", "direct"),),
        measure="number",
        places=0,
        aggregation="ytd",
        kind="output",
        level=8200.0,
        trend=250.0,
        noise=220.0,
        weights=(20.0, 25.0, 30.0, 25.0),
        long_term=(9000.0, 2027),
        rationale="9,000 tonnes a year is the Council Plan success measure.",
        cause="Installer capacity was the constraint: two contractors withdrew from the framework.",
        action="Framework re-opened to regional installers; the waiting list prioritised by fuel poverty.",
    ),
    # Housing (safety and social well-being) ------------------------------------------------------
    Spec(
        code="PI-HOU-01",
        title="Homeless households offered accommodation within 21 days of assessment",
        definition="Percentage of households owed the main housing duty who were offered suitable accommodation within 21 days of their assessment.",
        numerator="Households offered accommodation within 21 days",
        denominator="Households owed the main duty and assessed in the quarter",
        source="Housing options case files",
        system="Jigsaw homelessness case management",
        owner="officer.options",
        team="Housing Options",
        objectives=(("housing-21-days", "direct"), ("CP-SAF-1", "contributory")),
        level=77.0,
        trend=3.0,
        noise=2.6,
        long_term=(100.0, 2028),
        rationale="The housing service plan commits to every homeless household being offered accommodation within 21 days.",
        cause="Offers waited on empty council homes that took longer than 28 days to re-let.",
        action="Daily voids call between Housing Options and Estate Management; direct lets to homeless households for the next ten voids.",
    ),
    Spec(
        code="PI-HOU-02",
        title="Households in bed and breakfast accommodation",
        definition="Number of homeless households placed by the council in bed and breakfast accommodation on the last day of the quarter.",
        source="H-CLIC statutory homelessness return",
        system="Jigsaw homelessness case management",
        owner="officer.options",
        team="Housing Options",
        objectives=(("CP-SAF-1", "direct"), ("housing-21-days", "contributory")),
        measure="number",
        places=0,
        polarity="lower",
        aggregation="latest",
        statutory=True,
        level=16.0,
        trend=-0.5,
        noise=1.4,
        pattern=("shift", 8, 8.0),
        long_term=(0.0, 2028),
        rationale="Zero homelessness means no household in bed and breakfast; the target steps down each year.",
        cause="Homelessness approaches after private landlords sold up outpaced the supply of temporary homes.",
        action="Recovery plan agreed at the performance clinic: 20 leased homes from registered providers, and the B&B placements reviewed weekly by the Head of Housing.",
    ),
    Spec(
        code="PI-HOU-03",
        title="Average time to re-let empty council homes (days)",
        definition="Average number of calendar days from the keys being returned to the new tenancy starting, for council homes re-let in the quarter.",
        method="Total days empty for homes re-let in the quarter ÷ number of homes re-let; excludes homes held for major works.",
        numerator="Total days empty for homes re-let",
        denominator="Homes re-let",
        source="Voids tracker and tenancy start dates",
        system="Northgate housing management system",
        owner="officer.estates",
        team="Estate Management",
        updaters=("manager.estates",),
        objectives=(
            ("estates-28-days", "direct"),
            ("work-plan-voids", "direct"),
            ("housing-21-days", "contributory"),
        ),
        measure="days",
        places=1,
        polarity="lower",
        kind="output",
        level=41.0,
        trend=-2.3,
        noise=2.0,
        long_term=(28.0, 2027),
        rationale="Homes re-let within 28 days on average; every day saved is a day less in temporary accommodation.",
        cause="Gas safety checks by the repairs contractor took up to ten days to book.",
        action="Keys now go straight to the gas contractor on the day they are returned; weekly voids meeting with repairs.",
    ),
    Spec(
        code="PI-HOU-04",
        title="Empty council homes ready to re-let within 28 days of keys returned",
        definition="Percentage of empty council homes made ready to let within 28 calendar days of the keys being returned.",
        numerator="Homes ready to let within 28 days",
        denominator="Homes made ready to let in the quarter",
        source="Voids tracker",
        system="Northgate housing management system",
        owner="officer.estates",
        team="Estate Management",
        objectives=(("estates-28-days", "direct"), ("work-plan-voids", "contributory")),
        kind="output",
        level=54.0,
        trend=5.5,
        noise=3.5,
        long_term=(100.0, 2027),
        rationale="The estate management team plan: 100% of empty homes available for re-let within 28 days.",
        cause="Three homes needed asbestos removal before the repairs could start.",
        action="Asbestos surveys now booked at the keys-returned visit rather than after the repairs inspection.",
    ),
    Spec(
        code="PI-HOU-05",
        title="Homelessness approaches resolved by prevention",
        definition="Percentage of households approaching the council as homeless or at risk whose homelessness was prevented.",
        method="Calculated: households whose homelessness was prevented ÷ households approaching × 100.",
        numerator="Households whose homelessness was prevented",
        denominator="Households approaching as homeless or at risk",
        source="H-CLIC statutory homelessness return",
        system="Calculated from PI-HOU-06 and PI-HOU-07",
        owner="officer.options",
        team="Housing Options",
        objectives=(("housing-prevention", "direct"), ("CP-SAF-1", "contributory")),
        formula="{PI-HOU-06} / {PI-HOU-07} * 100",
        level=52.0,
        trend=1.3,
        noise=3.0,
        long_term=(60.0, 2027),
        rationale="The prevention-first housing options service aims to resolve 60% of approaches by prevention.",
    ),
    Spec(
        code="PI-HOU-06",
        title="Households whose homelessness was prevented",
        definition="Number of households for whom the prevention duty ended with accommodation secured for at least six months.",
        source="H-CLIC statutory homelessness return",
        system="Jigsaw homelessness case management",
        owner="officer.options",
        team="Housing Options",
        objectives=(("housing-prevention", "contributory"),),
        measure="number",
        places=0,
        aggregation="sum",
        kind="output",
        statutory=True,
        level=150.0,
        trend=8.5,
        noise=10.0,
        rationale="Rises with the landlord incentive scheme and earlier advice.",
        cause="Fewer private rented homes available at local housing allowance rates.",
        action="Landlord incentive scheme extended with a deposit guarantee.",
    ),
    Spec(
        code="PI-HOU-07",
        title="Households approaching the council as homeless or at risk",
        definition="Number of households assessed as homeless or threatened with homelessness within 56 days. A context measure: demand, not performance.",
        source="H-CLIC statutory homelessness return",
        system="Jigsaw homelessness case management",
        owner="officer.options",
        team="Housing Options",
        objectives=(("CP-SAF-1", "contributory"),),
        measure="number",
        places=0,
        polarity="none",
        aggregation="sum",
        kind="input",
        statutory=True,
        level=290.0,
        trend=6.0,
        noise=14.0,
        season=(0.0, -6.0, 18.0, -4.0),
        rationale="Context only: no target is set for demand.",
    ),
    Spec(
        code="PI-HOU-08",
        title="Occupancy of temporary accommodation",
        definition="Average percentage of the council's temporary accommodation units occupied. Below the band wastes money; above it leaves no room for emergencies.",
        numerator="Unit-nights occupied",
        denominator="Unit-nights available",
        source="Temporary accommodation occupancy log",
        system="Jigsaw homelessness case management",
        owner="officer.options",
        polarity="band",
        team="Housing Options",
        updaters=("officer.estates",),
        objectives=(("CP-SAF-1", "contributory"),),
        kind="output",
        level=90.0,
        noise=2.6,
        band=(85.0, 95.0),
        rationale="Between 85% and 95%: full enough to be good value, with room for emergency placements.",
        cause="Occupancy ran outside the band while units were handed back for repairs.",
        action="Units handed back for repairs are now replaced from the leasing scheme before they go off line.",
    ),
    Spec(
        code="PI-HOU-09",
        title="Households in temporary accommodation",
        definition="Number of households in temporary accommodation arranged by the council on the last day of the month.",
        source="H-CLIC statutory homelessness return",
        system="Jigsaw homelessness case management",
        owner="officer.options",
        team="Housing Options",
        objectives=(("CP-SAF-1", "direct"),),
        measure="number",
        places=0,
        polarity="lower",
        frequency="monthly",
        aggregation="latest",
        statutory=True,
        level=118.0,
        trend=5.0,
        noise=3.5,
        revision=(
            12.0,
            "Revised at the mid-year review: approaches rose after the local housing allowance freeze; agreed by Cabinet.",
        ),
        rationale="Temporary accommodation numbers held steady while approaches rise.",
        cause="Move-on into settled homes slowed while fewer council homes became empty.",
        action="Move-on panel meets weekly; the 20 longest stays have a named officer and a plan.",
    ),
    # Community safety and youth offending ---------------------------------------------------------
    Spec(
        code="PI-SAF-01",
        title="Domestic burglaries per 1,000 households",
        definition="Domestic burglaries recorded by the police in the borough, per 1,000 households.",
        numerator="Domestic burglaries recorded",
        denominator="Households (council tax base)",
        method="Domestic burglaries ÷ households × 1,000.",
        source="Police recorded crime, shared under the community safety information-sharing agreement",
        system="Police data extract (monthly)",
        owner="officer.safety",
        team="Community Safety",
        objectives=(("CP-SAF-3", "direct"),),
        measure="rate_1000",
        places=2,
        polarity="lower",
        aggregation="sum",
        level=2.45,
        trend=-0.12,
        noise=0.16,
        season=(-0.15, -0.2, 0.35, 0.1),
        long_term=(2.0, 2028),
        rationale="Below 8 per 1,000 households a year, the Council Plan success measure.",
        cause="A series of burglaries across the south of the borough linked to one group.",
        action="Joint operation with the police; target-hardening visits to 300 homes in the affected streets.",
    ),
    Spec(
        code="PI-SAF-02",
        title="Anti-social behaviour incidents reported to the police",
        definition="Incidents of anti-social behaviour reported to the police in the borough in the month.",
        source="Police incident data, shared monthly",
        system="Police data extract (monthly)",
        owner="officer.safety",
        team="Community Safety",
        objectives=(("CP-SAF-3", "direct"),),
        measure="number",
        places=0,
        polarity="lower",
        frequency="monthly",
        aggregation="sum",
        geography="lsoa",
        level=620.0,
        trend=-14.0,
        noise=36.0,
        season=(20.0, 70.0, -20.0, -60.0),
        rationale="Continues the fall since the joint neighbourhood action teams began.",
        cause="Summer evenings brought more reports around the town centre and the riverside.",
        action="Diversionary youth sessions on Friday and Saturday evenings; dispersal order renewed.",
    ),
    Spec(
        code="PI-SAF-03",
        title="Victims of anti-social behaviour satisfied with how their case was handled",
        definition="Percentage of victims surveyed at case closure who were satisfied with how their anti-social behaviour case was handled.",
        numerator="Respondents satisfied or very satisfied",
        denominator="Respondents",
        source="Case closure survey",
        system="ECINS case management",
        owner="officer.safety",
        team="Community Safety",
        objectives=(("CP-SAF-3", "contributory"),),
        level=71.0,
        trend=0.8,
        noise=3.0,
        rationale="Above the police force area average for victim satisfaction.",
        cause="Victims told us they were not kept informed once the case passed to the landlord.",
        action="Case officers now phone the victim every fortnight until closure.",
    ),
    Spec(
        code="PI-SAF-04",
        title="Repeat referrals to the multi-agency risk assessment conference (MARAC)",
        definition="Percentage of domestic abuse cases heard at MARAC that were repeat referrals within 12 months.",
        numerator="Repeat referrals",
        denominator="Cases heard",
        source="MARAC minutes and referral log",
        system="MARAC referral log",
        owner="officer.safety",
        team="Community Safety",
        objectives=(("CP-SAF-3", "contributory"),),
        polarity="lower",
        level=31.0,
        noise=2.5,
        signed_off=False,
        rationale="Fewer repeat referrals mean safety plans are holding; the target sits inside the 28% to 40% SafeLives expects.",
        cause="Two high-risk households were referred three times each.",
        action="Independent domestic violence adviser allocated to every repeat case within 24 hours.",
    ),
    Spec(
        code="PI-SAF-05",
        title="First-time entrants to the youth justice system per 100,000 young people",
        definition="Young people aged 10 to 17 receiving their first reprimand, warning, caution or conviction, per 100,000 young people aged 10 to 17.",
        numerator="First-time entrants",
        denominator="Population aged 10 to 17",
        method="First-time entrants ÷ population aged 10 to 17 × 100,000.",
        source="Youth Justice Board data summary (Police National Computer)",
        system="ChildView youth justice system",
        owner="officer.yot",
        team="Youth Offending",
        objectives=(("CP-SAF-2", "direct"),),
        measure="rate_100000",
        places=0,
        polarity="lower",
        aggregation="sum",
        statutory=True,
        level=68.0,
        trend=-2.0,
        noise=7.0,
        rationale="National youth justice indicator; the borough aims to match the regional rate.",
        cause="More first-time entrants from the knife crime operation in the town centre.",
        action="Out-of-court disposal panel now screens every first-time case for a diversion.",
    ),
    Spec(
        code="PI-SAF-06",
        title="Young people on orders who reoffend within 12 months",
        definition="Percentage of young people in the cohort who committed a proven reoffence within 12 months.",
        numerator="Young people who reoffended",
        denominator="Young people in the cohort",
        source="Youth Justice Board reoffending data",
        system="ChildView youth justice system",
        owner="officer.yot",
        team="Youth Offending",
        objectives=(("yot-reoffending", "direct"), ("CP-SAF-2", "direct")),
        polarity="lower",
        statutory=True,
        level=38.5,
        trend=-0.7,
        noise=2.2,
        long_term=(32.0, 2027),
        rationale="The Council Plan commits to youth offending down by at least 10% by March 2027.",
        cause="A small cohort this quarter: three young people accounted for most of the reoffences.",
        action="Intensive supervision and surveillance for the three, with education placements confirmed.",
    ),
    Spec(
        code="PI-SAF-07",
        title="Restorative justice: what changed for victims this quarter",
        definition="A case study each quarter of restorative work with victims and young people, judged by the youth offending team manager.",
        source="Youth offending team case files and victim feedback",
        system="ChildView youth justice system",
        owner="officer.yot",
        team="Youth Offending",
        objectives=(("CP-SAF-2", "contributory"), ("yot-reoffending", "contributory")),
        measure="number",
        places=0,
        qualitative=True,
        kind="outcome",
        rationale="Victims' experience cannot be counted well; a judged case study keeps it in view.",
    ),
    # Adult social care ----------------------------------------------------------------------
    Spec(
        code="PI-ASC-01",
        title="Older people still at home 91 days after discharge from hospital into reablement",
        definition="Percentage of people aged 65 and over discharged from hospital into reablement who were still at home 91 days later (ASCOF 2B part 1).",
        numerator="People at home 91 days after discharge",
        denominator="People aged 65+ discharged into reablement",
        source="Reablement service records and NHS discharge data",
        system="Mosaic adult social care",
        owner="officer.adults",
        team="Independent Living",
        objectives=(("CP-SAF-4", "direct"),),
        statutory=True,
        level=80.5,
        trend=0.9,
        noise=1.8,
        season=(0.8, 1.0, -1.6, -1.2),
        pattern=("amber", 1, 0.0),
        rationale="Adult Social Care Outcomes Framework; above the England average.",
        cause="Winter pressures: more people discharged with higher needs.",
        action="Therapy-led reablement assessments within 48 hours of discharge.",
    ),
    Spec(
        code="PI-ASC-02",
        title="People receiving self-directed support",
        definition="Percentage of people receiving long-term community support who have a personal budget or direct payment (ASCOF 1C part 1a).",
        numerator="People with a personal budget or direct payment",
        denominator="People receiving long-term community support",
        source="Short and Long Term (SALT) return",
        system="Mosaic adult social care",
        owner="officer.adults",
        team="Independent Living",
        objectives=(("CP-SAF-4", "direct"),),
        aggregation="latest",
        statutory=True,
        level=87.5,
        trend=0.5,
        noise=1.0,
        rationale="Choice and control for people who use services.",
        cause="New home care packages started before personal budgets were agreed.",
        action="Personal budget agreed at the first review, within six weeks.",
    ),
    Spec(
        code="PI-ASC-03",
        title="Permanent admissions to residential and nursing care, aged 65+, per 100,000",
        definition="Council-supported permanent admissions of people aged 65 and over to residential and nursing care, per 100,000 population aged 65 and over, year to date (ASCOF 2A part 2).",
        numerator="Permanent admissions aged 65+",
        denominator="Population aged 65+",
        method="Admissions in the year so far ÷ population aged 65+ × 100,000.",
        source="Short and Long Term (SALT) return",
        system="Mosaic adult social care",
        owner="officer.adults",
        team="Independent Living",
        objectives=(("CP-SAF-4", "contributory"),),
        measure="rate_100000",
        places=1,
        polarity="lower",
        aggregation="ytd",
        statutory=True,
        level=640.0,
        trend=-12.0,
        noise=14.0,
        weights=(25.0, 24.0, 25.0, 26.0),
        rationale="Helping people live independently means fewer permanent admissions.",
        cause="Admissions from hospital rose when home care capacity was short.",
        action="Two new home care providers commissioned for the north of the borough.",
    ),
    Spec(
        code="PI-ASC-04",
        title="Safeguarding enquiries where the person's desired outcomes were met",
        definition="Percentage of concluded section 42 safeguarding enquiries where the person's desired outcomes were fully or partly met.",
        numerator="Enquiries with outcomes fully or partly met",
        denominator="Concluded enquiries where outcomes were expressed",
        source="Safeguarding Adults Collection",
        system="Mosaic adult social care",
        owner="head.adults",
        team="Adult Social Care",
        updaters=("officer.adults",),
        objectives=(("CP-SAF-4", "contributory"),),
        level=92.0,
        noise=1.6,
        rationale="Making Safeguarding Personal: the person's outcomes come first.",
        cause="Outcomes were not recorded in several enquiries closed by agency staff.",
        action="Recording audit and refresher for all safeguarding practitioners.",
    ),
    # Health --------------------------------------------------------------------------------
    Spec(
        code="PI-HEA-01",
        title="Under-75 mortality rate from cardiovascular disease per 100,000",
        definition="Directly age-standardised rate of deaths from cardiovascular disease under 75, per 100,000 population (three-year pooled).",
        source="Public Health Outcomes Framework (OHID Fingertips)",
        system="Fingertips",
        owner="officer.health",
        team="Health Improvement",
        objectives=(("CP-HEA-1", "direct"),),
        measure="rate_100000",
        places=1,
        polarity="lower",
        frequency="annual",
        aggregation="latest",
        statutory=True,
        level=93.0,
        trend=-2.4,
        noise=1.2,
        long_term=(56.0, 2030),
        rationale="The Council Plan measure: deaths from heart disease and stroke down 40% by 2030.",
        cause="The gap with England widened in the most deprived wards.",
        action="NHS Health Checks outreach in the four most deprived wards.",
    ),
    Spec(
        code="PI-HEA-02",
        title="Eligible people aged 40 to 74 who received an NHS Health Check (year to date)",
        definition="Percentage of the eligible population aged 40 to 74 who received an NHS Health Check this year.",
        numerator="Health Checks received",
        denominator="Eligible population aged 40 to 74",
        source="GP practice returns",
        system="Health Check data extract",
        owner="officer.health",
        team="Health Improvement",
        objectives=(("CP-HEA-1", "direct"),),
        aggregation="ytd",
        kind="output",
        statutory=True,
        level=8.6,
        trend=0.3,
        noise=0.25,
        weights=(22.0, 24.0, 27.0, 27.0),
        rationale="Each eligible person offered a check once every five years: 20% offered, about 9% received a year.",
        cause="Three practices paused checks while they recruited a practice nurse.",
        action="Community pharmacy checks offered in the three practices' areas.",
    ),
    Spec(
        code="PI-HEA-03",
        title="Smokers who set a quit date and had quit at four weeks",
        definition="Number of people using the stop smoking service who set a quit date and were not smoking four weeks later (self-reported).",
        source="Stop smoking service returns",
        system="QuitManager",
        owner="officer.health",
        team="Health Improvement",
        objectives=(("CP-HEA-1", "contributory"),),
        measure="number",
        places=0,
        aggregation="sum",
        kind="output",
        level=205.0,
        trend=6.0,
        noise=14.0,
        season=(-10.0, -20.0, -15.0, 45.0),
        rationale="New Year quit attempts make the last quarter the busiest.",
        cause="Fewer referrals from the hospital after the stop smoking nurse left.",
        action="Stop smoking adviser based at the hospital two days a week.",
    ),
    Spec(
        code="PI-HEA-04",
        title="Adults physically active for at least 150 minutes a week",
        definition="Percentage of adults doing at least 150 moderate-intensity equivalent minutes of physical activity a week.",
        source="Sport England Active Lives Adult Survey",
        system="Active Lives data tables",
        owner="officer.health",
        team="Health Improvement",
        objectives=(("CP-HEA-2", "direct"),),
        frequency="annual",
        aggregation="latest",
        statutory=True,
        level=61.2,
        trend=0.7,
        noise=0.5,
        long_term=(66.7, 2030),
        rationale="The Council Plan measure: two in three adults active.",
        cause="Activity fell among women aged 55 and over.",
        action="Walking netball and walking football sessions in the community centres.",
    ),
    Spec(
        code="PI-HEA-05",
        title="Visits to council leisure centres",
        definition="Number of visits to the council's three leisure centres, counted at the turnstiles.",
        source="Leisure management system",
        system="Legend leisure management",
        owner="officer.health",
        team="Health Improvement",
        objectives=(("CP-HEA-2", "direct"),),
        measure="number",
        places=0,
        aggregation="sum",
        kind="output",
        level=212000.0,
        trend=5000.0,
        noise=4500.0,
        season=(4000.0, -14000.0, -2000.0, 18000.0),
        rationale="Visits follow the New Year peak and the summer holiday dip.",
        cause="The main pool closed for three weeks for repairs.",
        action="Swimming lessons moved to the school pools; pool refurbishment brought forward.",
    ),
    Spec(
        code="PI-HEA-06",
        title="Gap in life expectancy at birth between the most and least deprived wards (years)",
        definition="The difference in male life expectancy at birth between the most and least deprived fifth of wards.",
        source="ONS life expectancy by ward, with Index of Multiple Deprivation",
        system="Public health intelligence model",
        owner="officer.health",
        team="Health Improvement",
        objectives=(("CP-HEA-3", "direct"),),
        measure="number",
        places=1,
        polarity="lower",
        frequency="annual",
        aggregation="latest",
        geography="ward",
        level=9.8,
        trend=-0.12,
        noise=0.08,
        rationale="Narrowing the gap is a Council Plan objective.",
        cause="Deaths from respiratory disease rose in the two most deprived wards.",
        action="Targeted flu and COVID vaccination clinics in the two wards.",
    ),
    Spec(
        code="PI-HEA-07",
        title="Ward health champions: what changed this quarter",
        definition="A case study each quarter from the ward health champions programme, judged by the lead officer.",
        source="Health champions' reports",
        system="Public health programme log",
        owner="officer.health",
        team="Health Improvement",
        objectives=(("CP-HEA-3", "contributory"), ("CP-HEA-2", "contributory")),
        measure="number",
        places=0,
        qualitative=True,
        rationale="Community-led change is best shown in the words of the people involved.",
    ),
    Spec(
        code="PI-HEA-08",
        title="Average food hygiene rating of food businesses (0 to 5)",
        definition="Mean Food Hygiene Rating Scheme score of rated food businesses in the borough at the end of the quarter.",
        source="Food Standards Agency ratings data",
        system="Uniform environmental health",
        owner="head.protection",
        team="Environmental Health",
        objectives=(("CP-HEA-3", "contributory"),),
        measure="score",
        places=2,
        aggregation="latest",
        level=4.42,
        trend=0.015,
        noise=0.03,
        signed_off=False,
        rationale="Safe food businesses in every ward; above the regional average score.",
        cause="New takeaways in the town centre opened before their first inspection.",
        action="Every new food business inspected within 28 days of registration.",
    ),
    # Regeneration and economy ---------------------------------------------------------------
    Spec(
        code="PI-REG-01",
        title="Unemployment rate",
        definition="Model-based unemployment rate: unemployed residents aged 16 and over as a percentage of the economically active.",
        numerator="Unemployed residents aged 16+",
        denominator="Economically active residents aged 16+",
        source="ONS Annual Population Survey (model-based estimates, rolling year)",
        system="Nomis",
        owner="officer.economy",
        team="Economic Development",
        objectives=(("CP-REG-1", "direct"),),
        polarity="lower",
        statutory=True,
        level=6.9,
        trend=-0.06,
        noise=0.18,
        rationale="The Council Plan measure: unemployment kept below the regional rate (6.6%).",
        cause="Job losses at the distribution centre fed through to the estimate.",
        action="Rapid response with Jobcentre Plus for the 140 people affected.",
    ),
    Spec(
        code="PI-REG-02",
        title="Employment programme participants into work",
        definition="Number of participants in the council's employment programme starting a job of 16 hours a week or more.",
        source="Employment programme participant records",
        system="Employment programme CRM",
        owner="officer.economy",
        team="Economic Development",
        objectives=(("economy-new-deal", "direct"), ("CP-REG-1", "contributory")),
        measure="number",
        places=0,
        aggregation="sum",
        kind="output",
        level=84.0,
        trend=2.5,
        noise=6.0,
        rationale="Job success for the employment programme up 7% over 3 years.",
        cause="Fewer referrals from Jobcentre Plus during their restructure.",
        action="Outreach sessions in the libraries and the family hubs.",
    ),
    Spec(
        code="PI-REG-03",
        title="Job starts sustained for 13 weeks",
        definition="Percentage of employment programme job starts still in work 13 weeks later.",
        numerator="Job starts sustained for 13 weeks",
        denominator="Job starts 13 or more weeks ago",
        source="Employment programme participant records",
        system="Employment programme CRM",
        owner="officer.economy",
        team="Economic Development",
        objectives=(("economy-new-deal", "direct"),),
        level=58.0,
        trend=1.0,
        noise=3.0,
        rationale="Sustained work matters more than job starts.",
        cause="Seasonal jobs in retail ended after Christmas.",
        action="In-work support calls at weeks 2, 6 and 10 for every job start.",
    ),
    Spec(
        code="PI-REG-04",
        title="Residents aged 16 to 64 claiming out-of-work benefits",
        definition="Claimant count: residents aged 16 to 64 claiming Jobseeker's Allowance or Universal Credit and required to seek work, as a percentage of residents aged 16 to 64.",
        numerator="Claimants aged 16 to 64",
        denominator="Residents aged 16 to 64",
        source="ONS claimant count",
        system="Nomis",
        owner="officer.economy",
        team="Economic Development",
        objectives=(("CP-REG-1", "direct"),),
        polarity="lower",
        statutory=True,
        level=4.6,
        trend=-0.05,
        noise=0.12,
        rationale="Below the North East average.",
        cause="Claims rose after the distribution centre closure.",
        action="Jobs fair with the new employers on the business park.",
    ),
    Spec(
        code="PI-REG-05",
        title="Affordable homes delivered",
        definition="Number of affordable homes (social rent, affordable rent and shared ownership) completed in the borough.",
        source="Registered provider completion returns and planning records",
        system="Housing enabling tracker",
        owner="head.housing",
        team="Housing",
        updaters=("manager.options",),
        objectives=(("CP-REG-2", "direct"),),
        measure="number",
        places=0,
        aggregation="sum",
        kind="output",
        statutory=True,
        level=62.0,
        trend=3.5,
        noise=9.0,
        season=(-10.0, -6.0, -2.0, 18.0),
        slack=-0.3,
        rationale="300 affordable homes a year, the Council Plan success measure.",
        cause="Completions slipped on the Riverside scheme after the contractor went into administration.",
        action="Registered provider has appointed a new contractor; completions re-profiled into next quarter.",
    ),
    Spec(
        code="PI-REG-06",
        title="Net additional homes provided",
        definition="Net increase in dwelling stock: new build completions plus conversions and changes of use, less demolitions.",
        source="Housing flows reconciliation; building control completions",
        system="Uniform planning",
        owner="head.planning",
        team="Development Control",
        objectives=(("CP-REG-2", "contributory"),),
        measure="number",
        places=0,
        aggregation="sum",
        kind="output",
        statutory=True,
        level=150.0,
        trend=6.0,
        noise=18.0,
        season=(-10.0, -5.0, -5.0, 20.0),
        rationale="The local plan's housing requirement of 620 homes a year.",
        cause="Build-out slowed on the two largest sites as sales fell.",
        action="Planning performance agreements with the developers to bring forward later phases.",
    ),
    Spec(
        code="PI-REG-07",
        title="Major planning applications decided within 13 weeks or an agreed time",
        definition="Percentage of major planning applications decided within 13 weeks, or within an extension of time agreed with the applicant.",
        numerator="Major applications decided in time",
        denominator="Major applications decided",
        source="PS1/PS2 planning statistics return",
        system="Uniform planning",
        owner="head.planning",
        team="Development Control",
        objectives=(("CP-REG-3", "contributory"), ("CP-REG-2", "contributory")),
        kind="output",
        statutory=True,
        level=88.0,
        trend=0.5,
        noise=3.0,
        pattern=("red", 2, 0.0),
        rationale="Well above the government's 60% designation threshold; the council aims for 85% or more.",
        cause="Two senior planners left and the team has carried vacancies for six months.",
        action="Recovery plan: agency planners for six months, extensions of time agreed early, and weekly case reviews by the Head of Planning.",
    ),
    Spec(
        code="PI-REG-08",
        title="Town centre vacancy rate",
        definition="Percentage of ground-floor commercial units in the town centre that are vacant on the survey date.",
        numerator="Vacant ground-floor units",
        denominator="Ground-floor commercial units",
        source="Quarterly town centre street survey",
        system="Town centre survey workbook",
        owner="officer.economy",
        team="Economic Development",
        objectives=(("CP-REG-3", "direct"),),
        polarity="lower",
        aggregation="latest",
        level=13.6,
        trend=-0.25,
        noise=0.4,
        long_term=(10.0, 2028),
        rationale="The Council Plan measure: town centre vacancy below 10%.",
        cause="Two national chains closed their town centre stores.",
        action="Meanwhile-use leases offered on the empty units through the town centre fund.",
    ),
    Spec(
        code="PI-REG-09",
        title="Town centre footfall",
        definition="Number of pedestrian visits counted by the town centre footfall cameras.",
        source="Footfall camera network",
        system="Springboard footfall dashboard",
        owner="officer.economy",
        team="Economic Development",
        objectives=(("CP-REG-3", "direct"),),
        measure="number",
        places=0,
        aggregation="sum",
        level=1150000.0,
        trend=14000.0,
        noise=22000.0,
        season=(0.0, 30000.0, 140000.0, -110000.0),
        rationale="More visits as the Market Square scheme completes.",
        cause="Road works on the inner ring road during the market square works.",
        action="Free Saturday parking and a weekend events programme until the works finish.",
    ),
    Spec(
        code="PI-REG-10",
        title="Market Square regeneration: progress this quarter",
        definition="A judged account of progress on the Market Square scheme: milestones, spend and what traders and residents say.",
        source="Programme board reports",
        system="Programme board papers",
        owner="head.planning",
        team="Planning and Regeneration",
        objectives=(("CP-REG-3", "contributory"),),
        measure="number",
        places=0,
        qualitative=True,
        rationale="A capital scheme is best judged against its programme, in words.",
    ),
    Spec(
        code="PI-REG-11",
        title="Housing affordability ratio",
        definition="Ratio of lower quartile house price to lower quartile gross annual workplace-based earnings.",
        source="ONS house price to workplace-based earnings ratio",
        system="ONS statistical release",
        owner="officer.economy",
        team="Economic Development",
        objectives=(("CP-REG-2", "contributory"),),
        measure="ratio",
        places=2,
        polarity="lower",
        frequency="annual",
        aggregation="latest",
        level=4.9,
        trend=0.06,
        noise=0.05,
        signed_off=False,
        rationale="Keeping homes within reach of local earnings as prices rise.",
        cause="House prices rose faster than local earnings.",
        action="Affordable home ownership products in the next two Riverside phases.",
    ),
    # Education and lifelong learning ---------------------------------------------------------------
    Spec(
        code="PI-EDU-01",
        title="Pupils achieving grade 5 or above in English and maths GCSE",
        definition="Percentage of pupils at the end of key stage 4 in the borough's schools achieving grade 5 or above in both English and maths.",
        numerator="Pupils with grade 5+ in English and maths",
        denominator="Pupils at the end of key stage 4",
        source="DfE key stage 4 performance tables",
        system="Explore education statistics",
        owner="officer.schools",
        team="School Improvement",
        objectives=(("CP-EDU-1", "direct"),),
        frequency="annual",
        aggregation="latest",
        statutory=True,
        level=43.0,
        trend=1.6,
        noise=0.8,
        long_term=(70.0, 2030),
        rationale="The Council Plan measure: 70% of pupils with a strong pass in English and maths.",
        cause="Maths results fell in two secondary schools with long-term teacher vacancies.",
        action="Maths hub support and a shared specialist teacher for the two schools.",
    ),
    Spec(
        code="PI-EDU-02",
        title="Pupils attending a good or outstanding school",
        definition="Percentage of pupils in the borough's state-funded schools attending a school judged good or outstanding at its latest Ofsted inspection.",
        numerator="Pupils in good or outstanding schools",
        denominator="Pupils in state-funded schools",
        source="Ofsted management information and school census",
        system="Schools data dashboard",
        owner="officer.schools",
        team="School Improvement",
        objectives=(("CP-EDU-1", "direct"),),
        aggregation="latest",
        level=82.0,
        trend=0.5,
        noise=1.0,
        rationale="Above the England average by 2028.",
        cause="A large secondary school was judged to require improvement.",
        action="School improvement partner allocated; monitoring visits each half term.",
    ),
    Spec(
        code="PI-EDU-03",
        title="Persistent absence in secondary schools",
        definition="Percentage of secondary pupils missing 10% or more of possible sessions.",
        numerator="Pupils persistently absent",
        denominator="Pupils on roll",
        source="School census attendance data",
        system="Schools data dashboard",
        owner="officer.schools",
        team="School Improvement",
        objectives=(("CP-EDU-1", "contributory"),),
        polarity="lower",
        statutory=True,
        level=17.5,
        trend=0.2,
        noise=0.8,
        season=(-0.8, -1.2, 1.6, 0.6),
        rationale="Attendance is the foundation of attainment; the target follows the national attendance strategy.",
        cause="Winter illness and a rise in anxiety-related absence in Year 9.",
        action="Attendance support team working with the four schools with the highest rates.",
    ),
    Spec(
        code="PI-EDU-04",
        title="Adult learners enrolled (year to date)",
        definition="Number of adults enrolled on council adult learning courses this year, counting each learner once.",
        source="Individualised learner record",
        system="Adult learning MIS",
        owner="head.schools",
        team="Adult Learning",
        updaters=("officer.schools",),
        objectives=(("CP-EDU-2", "direct"),),
        measure="number",
        places=0,
        aggregation="ytd",
        kind="output",
        level=3700.0,
        trend=60.0,
        noise=50.0,
        weights=(15.0, 40.0, 25.0, 20.0),
        rationale="The Council Plan measure: 4,000 adult learners enrolled a year.",
        cause="Enrolments for the autumn term were slow in the east of the borough.",
        action="Taster sessions at the family hubs and the libraries.",
    ),
    Spec(
        code="PI-EDU-05",
        title="Adult learners completing their course",
        definition="Percentage of adult learning enrolments ending in the quarter where the learner completed the course.",
        numerator="Enrolments completed",
        denominator="Enrolments ending in the quarter",
        source="Individualised learner record",
        system="Adult learning MIS",
        owner="head.schools",
        team="Adult Learning",
        updaters=("officer.schools",),
        objectives=(("CP-EDU-2", "direct"),),
        kind="output",
        level=84.0,
        trend=0.5,
        noise=1.6,
        rationale="Retention in the top quartile for community learning providers.",
        cause="Learners on the digital skills course dropped out when the venue changed.",
        action="Course moved back to the library; learners who left offered a place next term.",
    ),
    Spec(
        code="PI-EDU-06",
        title="16 and 17 year olds not in education, employment or training, or whose activity is not known",
        definition="Percentage of 16 and 17 year olds resident in the borough who are not in education, employment or training, or whose activity is not known.",
        numerator="Young people NEET or not known",
        denominator="16 and 17 year olds resident",
        source="DfE NEET and participation returns (NCCIS)",
        system="Client caseload information system",
        owner="officer.schools",
        team="School Improvement",
        objectives=(("CP-EDU-3", "direct"),),
        polarity="lower",
        statutory=True,
        level=6.2,
        trend=-0.3,
        noise=0.3,
        season=(-0.2, 1.4, -0.4, -0.6),
        long_term=(4.0, 2028),
        rationale="The Council Plan measure: NEET below 4%.",
        cause="'Not known' rises every September until colleges confirm enrolments.",
        action="Tracking team matching college enrolments weekly until October.",
    ),
    Spec(
        code="PI-EDU-07",
        title="Care leavers aged 19 to 21 in education, employment or training",
        definition="Percentage of care leavers aged 19 to 21 the council is in touch with who are in education, employment or training.",
        numerator="Care leavers in education, employment or training",
        denominator="Care leavers aged 19 to 21 in touch",
        source="SSDA903 children looked after return",
        system="Mosaic children's social care",
        owner="head.childrens",
        team="Children's Social Care",
        objectives=(("CP-EDU-3", "contributory"),),
        statutory=True,
        level=51.0,
        trend=1.6,
        noise=2.8,
        rationale="Corporate parenting: the same chances as other young people.",
        cause="Several care leavers left apprenticeships that ended early.",
        action="Ring-fenced council apprenticeships for care leavers, with a mentor.",
    ),
    Spec(
        code="PI-EDU-08",
        title="Adult learning: a learner's progress this quarter",
        definition="A case study each quarter of an adult learner's progress, judged by the Head of Schools and Learning.",
        source="Tutor and learner feedback",
        system="Adult learning MIS",
        owner="head.schools",
        team="Adult Learning",
        objectives=(("CP-EDU-2", "contributory"),),
        measure="number",
        places=0,
        qualitative=True,
        rationale="What learning changes for people is best told by them.",
    ),
    # Corporate health (not under a theme) --------------------------------------------------------
    Spec(
        code="PI-COR-01",
        title="Council tax collected (year to date)",
        definition="Percentage of the year's net collectable council tax debit collected so far this year.",
        numerator="Council tax collected this year",
        denominator="Net collectable debit for the year",
        source="Quarterly Revenue Outturn collection return",
        system="Academy revenues",
        owner="manager.budgets",
        team="Budget Monitoring",
        measure="percent",
        frequency="monthly",
        aggregation="ytd",
        statutory=True,
        level=96.4,
        trend=0.05,
        noise=0.15,
        weights=(10.4, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 8.8, 8.8, 4.0, 1.5),
        tolerance=(0.5, False),
        rationale="In-year collection in line with the collection profile; the annual target matches the budget's collection rate.",
        cause="More residents on payment arrangements after the cost-of-living rise.",
        action="Reminder run brought forward a week; extra payment-arrangement staff in the contact centre.",
    ),
    Spec(
        code="PI-COR-02",
        title="Business rates collected (year to date)",
        definition="Percentage of the year's net collectable business rates debit collected so far this year.",
        numerator="Business rates collected this year",
        denominator="Net collectable debit for the year",
        source="Quarterly Revenue Outturn collection return",
        system="Academy revenues",
        owner="manager.budgets",
        team="Budget Monitoring",
        frequency="monthly",
        aggregation="ytd",
        statutory=True,
        level=97.6,
        trend=0.05,
        noise=0.2,
        weights=(11.0, 9.2, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 8.5, 5.0, 1.9),
        tolerance=(0.5, False),
        rationale="Matches the budget's collection assumption.",
        cause="Two large ratepayers went into administration.",
        action="Claims lodged with the administrators; enforcement on the remaining arrears.",
    ),
    Spec(
        code="PI-COR-03",
        title="Calls to the contact centre answered within 20 seconds",
        definition="Percentage of calls to the contact centre's main number answered by an adviser within 20 seconds.",
        numerator="Calls answered within 20 seconds",
        denominator="Calls offered",
        source="Telephony statistics",
        system="Contact centre telephony reports",
        owner="head.customer",
        team="Contact Centre",
        updaters=("performance.officer",),
        frequency="monthly",
        kind="output",
        level=73.0,
        trend=0.6,
        noise=2.6,
        season=(0.0, 1.5, 0.5, -5.0),
        rationale="A customer service standard agreed with the Cabinet Member.",
        cause="Council tax bills went out in March and call volumes doubled for three weeks.",
        action="Extra advisers on the council tax line; the bill letter now points to the online account.",
    ),
    Spec(
        code="PI-COR-04",
        title="Freedom of information requests answered within 20 working days",
        definition="Percentage of freedom of information and environmental information requests answered within 20 working days.",
        numerator="Requests answered within 20 working days",
        denominator="Requests due in the month",
        source="Information governance request log",
        system="iCasework",
        owner="head.democratic",
        team="Democratic Services",
        frequency="monthly",
        kind="output",
        statutory=True,
        level=86.0,
        trend=0.5,
        noise=2.8,
        rationale="The Information Commissioner expects at least 90% on time.",
        cause="Complex requests about the Market Square contracts needed legal review.",
        action="Weekly request triage with Legal; a publication scheme page for the scheme's contracts.",
    ),
    Spec(
        code="PI-COR-05",
        title="Working days lost to sickness absence per employee (rolling 12 months)",
        definition="Average working days lost to sickness absence per full-time equivalent employee over the last 12 months, excluding schools.",
        numerator="Working days lost to sickness in the last 12 months",
        denominator="Average full-time equivalent employees",
        method="Working days lost to sickness in the last 12 months ÷ average full-time equivalent employees over those months.",
        source="HR and payroll absence records",
        system="iTrent HR and payroll",
        owner="officer.hr",
        team="Learning and Development",
        measure="days",
        places=1,
        polarity="lower",
        aggregation="latest",
        kind="input",
        level=8.9,
        noise=0.22,
        pattern=("rise", 7, 0.22),
        rationale="Below the public sector average of 9 days.",
        cause="Long-term absence for stress and musculoskeletal conditions has risen for over a year.",
        action="Occupational health fast-track physiotherapy, stress risk assessments in every team, and monthly case reviews with managers.",
    ),
    Spec(
        code="PI-COR-06",
        title="Staff with an annual appraisal in the last 12 months",
        definition="Percentage of employees in post for more than six months who have had an appraisal in the last 12 months.",
        numerator="Employees appraised in the last 12 months",
        denominator="Employees in post for more than six months",
        source="Appraisal records",
        system="iTrent HR and payroll",
        owner="officer.hr",
        team="Learning and Development",
        aggregation="latest",
        kind="output",
        level=83.0,
        trend=1.0,
        noise=2.2,
        rationale="Every employee's work plan linked to their team plan through the appraisal.",
        cause="Appraisals in the depots were delayed by the shift pattern change.",
        action="Group appraisal sessions at the depots before shifts start.",
    ),
    Spec(
        code="PI-COR-07",
        title="Staff turnover (rolling 12 months)",
        definition="Voluntary leavers in the last 12 months as a percentage of average headcount.",
        numerator="Voluntary leavers in the last 12 months",
        denominator="Average headcount",
        source="HR and payroll records",
        system="iTrent HR and payroll",
        owner="officer.hr",
        polarity="band",
        team="Learning and Development",
        aggregation="latest",
        kind="input",
        level=10.2,
        trend=0.1,
        noise=0.6,
        band=(8.0, 12.0),
        tolerance=(10.0, True),
        signed_off=False,
        rationale="Between 8% and 12%: enough turnover for new skills, not so much that knowledge is lost.",
        cause="Turnover outside the healthy band: leavers concentrated in planning and social work.",
        action="Market supplements for planners and social workers; exit interviews reviewed monthly.",
    ),
    Spec(
        code="PI-COR-08",
        title="Undisputed invoices paid within 30 days",
        definition="Percentage of undisputed invoices from suppliers paid within 30 days of receipt.",
        numerator="Undisputed invoices paid within 30 days",
        denominator="Undisputed invoices paid",
        source="Creditor payment records",
        system="Unit4 ERP",
        owner="manager.budgets",
        team="Budget Monitoring",
        kind="output",
        level=93.0,
        trend=0.4,
        noise=1.0,
        rationale="Prompt payment supports local suppliers; the government standard is 95% within 30 days.",
        cause="Invoice approvals were held up while budget holders moved to the new ERP workflow.",
        action="Approval reminders after 5 days and escalation to the head of service after 15.",
    ),
    Spec(
        code="PI-COR-09",
        title="Revenue budget: forecast variance at year end",
        definition="Forecast overspend (positive) or underspend (negative) against the net revenue budget at the end of the quarter.",
        source="Budget monitoring report to Cabinet",
        system="Unit4 ERP",
        owner="manager.budgets",
        team="Budget Monitoring",
        measure="currency",
        places=0,
        polarity="lower",
        aggregation="latest",
        kind="input",
        level=350000.0,
        trend=-40000.0,
        noise=180000.0,
        fixed=0.0,
        tolerance=(250000.0, False),
        rationale="A balanced budget: spending within the net revenue budget.",
        cause="Children's placements and home-to-school transport are overspending.",
        action="Spending controls on non-essential spend; placement panel reviews every high-cost placement.",
    ),
    Spec(
        code="PI-COR-10",
        title="Savings delivered against the year's savings plan (year to date)",
        definition="Savings from the Medium Term Financial Plan delivered so far this year.",
        source="Savings tracker reported with the budget monitoring",
        system="Savings tracker",
        owner="manager.budgets",
        team="Budget Monitoring",
        measure="currency",
        places=0,
        aggregation="ytd",
        kind="output",
        level=3200000.0,
        noise=60000.0,
        weights=(20.0, 25.0, 25.0, 30.0),
        revision=(
            -400000.0,
            "Revised at the mid-year review: the leisure contract re-tender saving moves to next year (Cabinet decision).",
        ),
        rationale="The Medium Term Financial Plan's savings for the year.",
        cause="The leisure contract re-tender was delayed, so its saving starts later.",
        action="Alternative one-off savings from vacancy management agreed by the Corporate Management Team.",
    ),
    Spec(
        code="PI-COR-11",
        title="Population estimate",
        definition="ONS mid-year estimate of the resident population of the borough. A context measure with no target.",
        source="ONS mid-year population estimates",
        system="Nomis",
        owner="performance.officer",
        team="Corporate Performance",
        measure="number",
        places=0,
        polarity="none",
        frequency="annual",
        aggregation="latest",
        kind="input",
        statutory=True,
        level=193500.0,
        trend=700.0,
        noise=150.0,
        rationale="Context only: the denominator for many per-resident rates.",
    ),
]

# The owner's judgement and the story for each qualitative indicator, drawn each quarter.
NARRATIVES = {
    "PI-SAF-07": [
        (
            "green",
            "A 15-year-old on a referral order met the corner shop owner whose window he broke. He repaid the damage through weekend shifts at the shop and has had no further offences.",
        ),
        (
            "green",
            "Victims in all six conferences this quarter said they felt heard. One school set up a peer mediation scheme after seeing a conference between two Year 10 pupils.",
        ),
        (
            "green",
            "A victim of a car theft agreed to a letter of apology and a reparation project; the young person now volunteers at the community garden.",
        ),
        (
            "amber",
            "Two planned conferences were cancelled when victims withdrew; shuttle mediation was used instead, with mixed feedback.",
        ),
        (
            "red",
            "No restorative conferences took place: the restorative justice worker post was vacant for the whole quarter.",
        ),
    ],
    "PI-HEA-07": [
        (
            "green",
            "Health champions in Eastfield ran a men's walking group that 40 men now attend weekly; three were referred to their GP after the blood pressure checks.",
        ),
        (
            "green",
            "Champions in Riverside translated the NHS Health Check invitation into Polish and Romanian; take-up in the ward rose by a third.",
        ),
        (
            "green",
            "The Northgate champions' community fridge now supports 120 households a week and links them to the healthy start scheme.",
        ),
        (
            "amber",
            "Four champions stood down and recruitment has been slow in the two most deprived wards.",
        ),
        (
            "red",
            "The programme paused for six weeks while the voluntary sector host organisation was re-procured.",
        ),
    ],
    "PI-REG-10": [
        (
            "green",
            "Phase 1 paving and lighting finished on time and within budget; three new traders took stalls in the covered market.",
        ),
        (
            "green",
            "The market hall roof works are complete; traders' survey: 78% say the square is better than a year ago.",
        ),
        (
            "amber",
            "Utility diversions found under the square added six weeks to phase 2; the budget contingency covers the cost.",
        ),
        (
            "amber",
            "Traders are concerned about access during phase 2; a loading plan has been agreed with them.",
        ),
        ("red", "Phase 2 is paused: the tender prices came in 18% over budget."),
    ],
    "PI-EDU-08": [
        (
            "green",
            "Maria joined the ESOL entry 2 class in September; by March she passed her driving theory test and started work as a care assistant.",
        ),
        (
            "green",
            "A group of eight carers completed the digital skills course and now manage their own online shopping and GP appointments.",
        ),
        (
            "green",
            "Dev, 52, returned to learning through the maths for work course and has enrolled on a level 2 bookkeeping qualification.",
        ),
        ("amber", "Enrolments from men over 50 remain low despite the new evening classes."),
        (
            "red",
            "The family learning programme in two primary schools did not run: the funding agreement was signed late.",
        ),
    ],
}
QUALITATIVE_CONCERN = "We are watching this closely and will report progress next quarter."
QUALITATIVE_RECOVERY = (
    "A recovery plan has been agreed with the head of service, with milestones for next quarter."
)


# Returns the demo needs in a given state in the period being reported now, whatever the
# date: the journeys in goldenthread/tests/browser start from these (the voids, economy and
# adults officers' returns to fill in, two returns in Care for Your Area to approve), and the
# planted special causes, reds and amber are signed off so the published views show them.
LATEST_STATUS = {
    "PI-HOU-03": NOT_STARTED,
    "PI-HOU-04": NOT_STARTED,
    "PI-HOU-08": NOT_STARTED,
    "PI-REG-01": NOT_STARTED,
    "PI-REG-02": Status.DRAFT,
    "PI-REG-09": NOT_STARTED,
    "PI-REG-03": Status.APPROVED,
    "PI-REG-04": Status.APPROVED,
    "PI-REG-08": Status.APPROVED,
    "PI-ASC-02": NOT_STARTED,
    "PI-ENV-05": Status.SUBMITTED,
    "PI-ENV-07": Status.SUBMITTED,
    "PI-ENV-02": Status.APPROVED,
    "PI-ENV-03": Status.APPROVED,
    "PI-ENV-04": Status.APPROVED,
    "PI-ENV-06": Status.APPROVED,
    "PI-ENV-08": Status.APPROVED,
    "PI-ENV-09": Status.APPROVED,
    "PI-ENV-10": Status.APPROVED,
    "PI-ENV-11": Status.APPROVED,
    "PI-ENV-01": Status.APPROVED,
    "PI-HOU-02": Status.APPROVED,
    "PI-REG-07": Status.APPROVED,
    "PI-ASC-01": Status.APPROVED,
    "PI-COR-05": Status.APPROVED,
}
LATEST_MIX = [(Status.SUBMITTED, 0.20), (Status.DRAFT, 0.15), (NOT_STARTED, 0.15)]
PAST_GAPS = 5
FORMULA_INPUTS = {
    code for spec in SPECS if spec.formula for code in parse_formula(spec.formula).references
}


@dataclass
class Calendar:
    """The demo's reporting calendar, relative to today so the demo stays current."""

    today: date
    now: datetime
    first_year: int  # values start in this financial year
    this_year: int  # the financial year we are in
    periods: dict[str, list[ReportingPeriod]]  # by frequency, from first_year, oldest first
    annual: dict[int, ReportingPeriod]

    def reported(self, frequency: str) -> list[ReportingPeriod]:
        return [p for p in self.periods[frequency] if p.end_date < self.today]

    @property
    def next_review(self) -> date:
        """Indicators are reviewed with the targets each February, before the year they set."""
        review = date(self.this_year + 1, 2, 1)
        return review if review > self.today else review.replace(year=review.year + 1)

    def deadline(self, period: ReportingPeriod) -> date:
        return period.end_date + timedelta(days=DEADLINE_DAYS_AFTER_END)

    def moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A local time on a day, never later than an hour ago."""
        when = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        return min(when, self.now - timedelta(hours=1))


@dataclass
class Series:
    """An indicator's values for the periods it has reported, oldest first."""

    periods: list[ReportingPeriod]
    values: list[Decimal | None]
    stories: list[tuple[str, str]]  # qualitative: (judgement, narrative) for each period
    outliers: dict[int, str]  # index of a planted unusual value → its explanation


def build(council: DemoCouncil) -> None:
    organisation = council.organisation
    today = timezone.localdate()
    this_year = today.year if today.month >= organisation.year_start_month else today.year - 1
    first_year = this_year - YEARS_OF_HISTORY
    periods: dict[str, list[ReportingPeriod]] = defaultdict(list)
    for period in ReportingPeriod.objects.filter(
        organisation=organisation, year__gte=first_year
    ).order_by("start_date"):
        periods[period.frequency].append(period)
    calendar = Calendar(
        today=today,
        now=timezone.now(),
        first_year=first_year,
        this_year=this_year,
        periods=periods,
        annual={p.year: p for p in periods["annual"]},
    )
    ReturnSchedule.objects.create(
        organisation=organisation,
        opens_days_after_end=OPENS_DAYS_AFTER_END,
        deadline_days_after_end=DEADLINE_DAYS_AFTER_END,
    )
    series = {spec.code: _series(spec, calendar, council.rng) for spec in SPECS if not spec.formula}
    for spec in SPECS:
        if spec.formula:
            series[spec.code] = _calculated_series(spec, series, calendar)
    targets = {spec.code: _targets(spec, calendar) for spec in SPECS}
    for spec in SPECS:
        if spec.pattern and spec.pattern[0] in ("red", "amber"):
            _plant_misses(spec, series[spec.code], targets[spec.code])
    approvers = _approvers(council)
    indicators = _indicators(council, calendar, series, approvers)
    for code, versions in targets.items():
        for target in (t for period_targets in versions.values() for t in period_targets):
            target.indicator = indicators[code]
            target.set_by = approvers[code]
    returns = _returns(council, calendar, indicators, series, targets, approvers)
    returns += _calculated_returns(calendar, indicators, returns)
    _save_targets([t for versions in targets.values() for ts in versions.values() for t in ts])
    _save_returns(returns, organisation, calendar)


# Values ----------------------------------------------------------------------------------


def _per_year(frequency: str) -> int:
    return {"monthly": 12, "quarterly": 4, "annual": 1}[frequency]


def _share(spec: Spec, number: int) -> float:
    """How much of the year a year-to-date indicator has reached by period `number` (0-based)."""
    if not spec.weights:
        return 1.0
    return sum(spec.weights[: number + 1]) / sum(spec.weights)


def _expected(spec: Spec, index: int) -> float:
    """The value in the index-th period from the first, before noise: level, trend, season."""
    per_year = _per_year(spec.frequency)
    year, number = divmod(index, per_year)
    if spec.aggregation == "ytd":
        return (spec.level + spec.trend * year) * _share(spec, number)
    return spec.level + spec.trend * index / per_year + spec.season[number * 4 // per_year]


def _series(spec: Spec, calendar: Calendar, rng: random.Random) -> Series:
    periods = calendar.reported(spec.frequency)
    if spec.qualitative:
        stories = NARRATIVES[spec.code]
        # Mostly on track, now and then some concern, rarely off track.
        weights = [
            6 if judgement == "green" else 2 if judgement == "amber" else 1
            for judgement, _ in stories
        ]
        chosen = [rng.choices(stories, weights=weights)[0] for _ in periods]
        return Series(periods, [None] * len(periods), chosen, {})
    per_year = _per_year(spec.frequency)
    raw = [
        _expected(spec, index) + rng.gauss(0, spec.noise * _share(spec, index % per_year))
        for index in range(len(periods))
    ]
    outliers: dict[int, str] = {}
    kind, points, size = spec.pattern or ("", 0, 0.0)
    if kind == "shift":  # a sustained change in the process
        for index in range(len(raw) - points, len(raw)):
            raw[index] += size
    elif kind == "rise":  # a run of rising values
        base = _expected(spec, len(raw) - points - 1)
        for step, index in enumerate(range(len(raw) - points, len(raw)), start=1):
            raw[index] = base + size * step + rng.uniform(0, size / 4)
    elif kind == "spike":  # one astronomical point, `points` periods before the latest
        index = len(raw) - 1 - points
        raw[index] += size
        outliers[index] = spec.unusual
    return Series(periods, [_bounded(spec, value) for value in raw], [], outliers)


def _calculated_series(spec: Spec, series: dict[str, Series], calendar: Calendar) -> Series:
    """A calculated indicator's values from its inputs' values, by its formula."""
    formula = parse_formula(spec.formula)
    periods = calendar.reported(spec.frequency)
    values = []
    for index in range(len(periods)):
        value = formula.evaluate({code: series[code].values[index] for code in formula.references})
        values.append(None if value is None else value.quantize(STORED, rounding=ROUND_HALF_UP))
    return Series(periods, values, [], {})


def _bounded(spec: Spec, value: float) -> Decimal:
    if spec.measure == "percent":
        value = min(max(value, 0.0), 100.0)
    elif spec.measure != "currency":
        value = max(value, 0.0)
    return _decimal(value, spec.places)


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _plant_misses(spec: Spec, series: Series, versions: dict[int, list[Target]]) -> None:
    """Makes the latest values miss their targets: amber just inside the tolerance, or red
    and worse each time."""
    good = 1 if spec.polarity == "higher" else -1
    kind, points, _size = spec.pattern or ("", 0, 0.0)
    for step, index in enumerate(range(len(series.values) - points, len(series.values))):
        target = judging.target_in_force(versions[series.periods[index].pk], None)
        assert target is not None and target.value is not None  # every reported period has one
        tolerance = judging.tolerance_of(target)
        allowance = float(tolerance.allowance(target.value)) if tolerance else 0.0
        miss = allowance / 2 if kind == "amber" else allowance + spec.noise * (3 + step)
        series.values[index] = _bounded(spec, float(target.value) - good * miss)


# Targets ---------------------------------------------------------------------------------


def _targets(spec: Spec, calendar: Calendar) -> dict[int, list[Target]]:
    """Each year's target on the annual period and profiled across the year's periods, set in
    the March before the year, up to next year; a revised version where the spec says so.
    Indicator and setter are filled in once the indicators exist."""
    versions: dict[int, list[Target]] = defaultdict(list)
    if spec.qualitative or spec.polarity == "none":
        return versions
    revised_year, revised_at = _revision_time(calendar)
    tolerance, is_percentage = _tolerance(spec)
    for year in range(calendar.first_year, calendar.this_year + 2):
        spans = [calendar.annual[year]]  # the year, then its periods
        if spec.frequency != "annual":
            spans += [p for p in calendar.periods[spec.frequency] if p.year == year]
        set_at = calendar.moment(date(year, 3, 1), 10)
        common = {"tolerance": tolerance, "tolerance_is_percentage": is_percentage}
        if spec.band:
            lower, upper = (_decimal(edge, spec.places) for edge in spec.band)
            for period in spans:
                versions[period.pk].append(
                    Target(
                        period=period, band_lower=lower, band_upper=upper, set_at=set_at, **common
                    )
                )
            continue
        annual = _annual_target(spec, year - calendar.first_year)
        plans = [(1, annual, "", set_at)]
        if spec.revision and year == revised_year:
            change, reason = spec.revision
            plans.append((2, annual + _nice(change, spec.places), reason, revised_at))
        for version, amount, reason, when in plans:
            profile = [amount, *_profile(spec, amount, year - calendar.first_year)]
            for period, value in zip(spans, profile, strict=True):
                if version > 1 and period.end_date < when.date():
                    continue  # a revision changes only what is still to come
                versions[period.pk].append(
                    Target(
                        period=period,
                        value=value,
                        version=version,
                        reason=reason,
                        set_at=when,
                        **common,
                    )
                )
    return versions


def _eased(spec: Spec, years_in: int) -> list[float]:
    """The year's expected values, eased by the spec's slack: what the target is built from."""
    per_year = _per_year(spec.frequency)
    good = 1 if spec.polarity == "higher" else -1
    return [
        _expected(spec, years_in * per_year + number)
        - good * spec.slack * spec.noise * _share(spec, number)
        for number in range(per_year)
    ]


def _annual_target(spec: Spec, years_in: int) -> Decimal:
    if spec.fixed is not None:
        return _decimal(spec.fixed, spec.places)
    eased = [Decimal(repr(value)) for value in _eased(spec, years_in)]
    total = aggregate(eased, Aggregation(spec.aggregation))
    assert total is not None  # a year always has periods
    return _nice(float(total), spec.places)


def _profile(spec: Spec, annual: Decimal, years_in: int) -> list[Decimal]:
    """The year's target across its periods, by the same profiling the target pages use."""
    per_year = _per_year(spec.frequency)
    if per_year == 1:
        return []
    eased = _eased(spec, years_in)
    weights: list[Decimal] | None = None
    if spec.weights:
        weights = [Decimal(repr(w)) for w in spec.weights]
    elif any(spec.season) and spec.fixed is None and all(e > 0 for e in eased):
        weights = [Decimal(repr(e)) for e in eased]
    return profile_annual_target(
        annual,
        per_year,
        method=ProfileMethod.SEASONAL if weights else ProfileMethod.EVEN,
        weights=weights,
        rule=Aggregation(spec.aggregation),
        quantum=Decimal(1).scaleb(-spec.places),
    )


def _revision_time(calendar: Calendar) -> tuple[int, datetime]:
    """Mid-year revisions are agreed after the previous quarter's returns are signed off."""
    latest = calendar.reported("quarterly")[-1]
    agreed = latest.start_date + timedelta(days=DEADLINE_DAYS_AFTER_END + 10)
    return latest.year, calendar.moment(agreed, 11)


def _nice(value: float, places: int) -> Decimal:
    """A target a person would set: rounded to a half of the second significant figure."""
    if value == 0:
        return _decimal(0, places)
    step = max(10 ** (math.floor(math.log10(abs(value))) - 1) / 2, 10**-places)
    return _decimal(round(value / step) * step, places)


def _tolerance(spec: Spec) -> tuple[Decimal, bool]:
    """Amber tolerance: as the spec says, else 5% for counts and a period's noise for rates."""
    if spec.tolerance:
        return Decimal(repr(spec.tolerance[0])), spec.tolerance[1]
    if spec.band or spec.aggregation in ("sum", "ytd"):
        return Decimal(5), True
    return _nice(spec.noise, spec.places), False


# Indicators ------------------------------------------------------------------------------


def _approvers(council: DemoCouncil) -> dict[str, User]:
    """Who signs off each indicator: the head of the service over its unit, or the director
    when the head is the indicator's own lead officer."""
    units = {
        row["pk"]: row
        for row in OrgUnit.objects.filter(organisation=council.organisation).values(
            "pk", "parent_id", "kind", "head_id"
        )
    }
    people = {person.pk: person for person in council.people.values()}
    approvers = {}
    for spec in SPECS:
        service = units[council.units[spec.team].pk]
        while service["kind"] == "team":
            service = units[service["parent_id"]]
        head = people[service["head_id"]]
        if head.username == spec.owner:
            head = people[units[service["parent_id"]]["head_id"]]
        approvers[spec.code] = head
    return approvers


def _indicators(
    council: DemoCouncil,
    calendar: Calendar,
    series: dict[str, Series],
    approvers: dict[str, User],
) -> dict[str, Indicator]:
    made = []
    for spec in SPECS:
        indicator = Indicator(
            organisation=council.organisation,
            code=spec.code,
            title=spec.title,
            definition=spec.definition,
            calculation_method=spec.method or _method(spec),
            numerator_label=spec.numerator,
            denominator_label=spec.denominator,
            formula=spec.formula,
            data_source=spec.source,
            data_system=spec.system,
            owner=council.people[spec.owner],
            org_unit=council.units[spec.team],
            polarity=spec.polarity,
            unit=spec.measure,
            decimal_places=spec.places,
            frequency=spec.frequency,
            aggregation=spec.aggregation,
            kind=spec.kind,
            is_qualitative=spec.qualitative,
            is_statutory=spec.statutory,
            in_corporate_basket=True,
            geography=spec.geography,
            target_rationale=spec.rationale,
            long_term_target=_decimal(spec.long_term[0], spec.places) if spec.long_term else None,
            long_term_target_year=spec.long_term[1] if spec.long_term else None,
            review_date=calendar.next_review,
        )
        if spec.signed_off:
            indicator.signed_off_by = approvers[spec.code]
            indicator.signed_off_on = date(calendar.this_year, 3, council.rng.randint(2, 27))
        _describe_past(spec, indicator, series[spec.code], calendar)
        made.append(indicator)
    performance_lead = council.people["performance.lead"]
    set_up = calendar.moment(date(calendar.first_year, 3, 1), 9)
    bulk_create_with_history(made, Indicator, default_user=performance_lead, default_date=set_up)
    indicators = {indicator.code: indicator for indicator in made}
    Indicator.updaters.through.objects.bulk_create(
        [
            Indicator.updaters.through(
                indicator_id=indicators[spec.code].pk, user_id=council.people[username].pk
            )
            for spec in SPECS
            for username in spec.updaters
        ]
    )
    links = [
        IndicatorObjective(
            indicator=indicators[spec.code], objective=council.objectives[key], kind=kind
        )
        for spec in SPECS
        for key, kind in spec.objectives
    ]
    bulk_create_with_history(
        links, IndicatorObjective, default_user=performance_lead, default_date=set_up
    )
    return indicators


def _method(spec: Spec) -> str:
    if spec.qualitative:
        return "A narrative or case study; the lead officer judges it on track, some concern or off track."
    if spec.numerator and spec.denominator and spec.measure == "percent":
        return f"{spec.numerator} ÷ {spec.denominator} × 100."
    if spec.aggregation == "ytd":
        return "Cumulative from the start of the financial year; the year's value is the last period's."
    if spec.aggregation == "latest":
        return "The position at the end of the period; the year's value is the last period's."
    return "A count for the period; the year's value is the sum of the periods."


def _describe_past(spec: Spec, indicator: Indicator, series: Series, calendar: Calendar) -> None:
    """Baseline and past performance from the first and last complete years of values."""
    if spec.qualitative:
        indicator.past_performance = (
            f"Reported as a judged case study every quarter since {series.periods[0].label}."
        )
        return
    by_year: dict[int, list[Decimal | None]] = defaultdict(list)
    for period, value in zip(series.periods, series.values, strict=True):
        by_year[period.year].append(value)
    complete = [
        year for year, values in by_year.items() if len(values) == _per_year(spec.frequency)
    ]
    rule = Aggregation(spec.aggregation)
    quantum = Decimal(1).scaleb(-spec.places)
    first, last = (aggregate(by_year[year], rule) for year in (complete[0], complete[-1]))
    assert first is not None and last is not None  # complete years have values
    first, last = first.quantize(quantum), last.quantize(quantum)
    indicator.baseline_value = first
    indicator.baseline_period = calendar.annual[complete[0]].label
    if spec.polarity == "none":
        trend = "rising" if last > first else "falling"
    elif spec.band:
        trend = "within the band" if spec.band[0] <= last <= spec.band[1] else "outside the band"
    elif (last - first) * (1 if spec.polarity == "higher" else -1) > 0:
        trend = "improving"
    else:
        trend = "not improving"
    indicator.past_performance = (
        f"{calendar.annual[complete[0]].label}: {indicator.format_value(first)}. "
        f"{calendar.annual[complete[-1]].label}: {indicator.format_value(last)} ({trend})."
    )


# Returns ---------------------------------------------------------------------------------


def _latest_statuses(rng: random.Random) -> dict[str, str]:
    """The quarter being reported now: about half approved, the rest on their way or not started."""
    entered = [spec.code for spec in SPECS if not spec.formula]
    others = [code for code in entered if code not in LATEST_STATUS]
    rng.shuffle(others)
    statuses = dict(LATEST_STATUS)
    for status, share in LATEST_MIX:
        wanted = round(len(entered) * share) - sum(1 for s in statuses.values() if s == status)
        for _ in range(max(wanted, 0)):
            statuses[others.pop()] = status
    statuses.update(dict.fromkeys(others, Status.APPROVED))
    return statuses


def _gaps(rng: random.Random, series: dict[str, Series]) -> set[tuple[str, int]]:
    """A few past returns that were never made."""
    candidates = [
        spec.code
        for spec in SPECS
        if not spec.formula
        and not spec.pattern
        and spec.code not in FORMULA_INPUTS
        and spec.frequency != "annual"
    ]
    return {
        (code, rng.randrange(1, len(series[code].periods) - 3))
        for code in rng.sample(candidates, PAST_GAPS)
    }


def _returns(
    council: DemoCouncil,
    calendar: Calendar,
    indicators: dict[str, Indicator],
    series: dict[str, Series],
    targets: dict[str, dict[int, list[Target]]],
    approvers: dict[str, User],
) -> list[IndicatorReturn]:
    rng = council.rng
    latest = _latest_statuses(rng)
    gaps = _gaps(rng, series)
    made = []
    for spec in SPECS:
        if spec.formula:
            continue
        values = series[spec.code]
        for index, period in enumerate(values.periods):
            is_latest = index == len(values.periods) - 1
            status = latest[spec.code] if is_latest else Status.APPROVED
            if status == NOT_STARTED or (spec.code, index) in gaps:
                continue
            made.append(
                _return(
                    spec,
                    indicators[spec.code],
                    period,
                    values,
                    index,
                    status,
                    approvers[spec.code],
                    targets[spec.code].get(period.pk, []),
                    calendar,
                    rng,
                )
            )
    return made


def _return(
    spec: Spec,
    indicator: Indicator,
    period: ReportingPeriod,
    series: Series,
    index: int,
    status: str,
    approver: User,
    versions: list[Target],
    calendar: Calendar,
    rng: random.Random,
) -> IndicatorReturn:
    owner = indicator.owner
    submitted_at = calendar.moment(
        period.end_date + timedelta(days=rng.randint(4, 13)),
        rng.randint(9, 16),
        rng.choice([0, 20, 40]),
    )
    approved_at = calendar.moment(
        calendar.deadline(period) + timedelta(days=rng.randint(1, 6)),
        rng.randint(9, 17),
        rng.choice([10, 30, 50]),
    )
    submitted_at = min(submitted_at, approved_at - timedelta(hours=2))
    prepared_on = min(submitted_at.date(), period.end_date + timedelta(days=rng.randint(2, 4)))
    judgement, narrative = series.stories[index] if spec.qualitative else ("", "")
    value = series.values[index]
    target = judging.target_in_force(versions, approved_at if status == Status.APPROVED else None)
    rag = judging.judge(indicator, value, target, judgement=judgement).status
    commentary, remedial = _commentary(spec, indicator, value, target, rag)
    if status == Status.DRAFT and rng.random() < 0.5:
        judgement, commentary, remedial = "", "", ""  # the officer has not finished
    elif rag == RagStatus.GREEN and not spec.qualitative and rng.random() < 0.3:
        commentary = rng.choice(GREEN_NOTES)
    made = IndicatorReturn(
        indicator=indicator,
        period=period,
        value=value,
        narrative=narrative,
        judgement=judgement,
        commentary=commentary,
        remedial_action=remedial,
        status=status,
        source_quoted=f"{spec.system}, {period.label}"[:300],
        prepared_by=owner.get_full_name(),
        prepared_on=prepared_on,
        outlier_explanation=series.outliers.get(index, ""),
        outlier_confirmed=index in series.outliers,
    )
    if status in (Status.SUBMITTED, Status.APPROVED):
        made.submitted_by = owner
        made.submitted_at = submitted_at
    if status == Status.APPROVED:
        made.approved_by = approver
        made.approved_at = approved_at
    return made


GREEN_NOTES = [
    "On target.",
    "On target; the improvement plan is working.",
    "Better than target this period.",
    "On track for the year-end target.",
]


def _commentary(
    spec: Spec, indicator: Indicator, value: Decimal | None, target: Target | None, rag: RagStatus
) -> tuple[str, str]:
    """The officer's explanation of an amber or red value, and the remedial action when red."""
    if rag not in (RagStatus.AMBER, RagStatus.RED):
        return "", ""
    if spec.qualitative:
        return QUALITATIVE_CONCERN, QUALITATIVE_RECOVERY if rag == RagStatus.RED else ""
    assert target is not None  # amber and red need a target
    if spec.band:
        aim = f"the band of {indicator.format_value(target.band_lower)} to {indicator.format_value(target.band_upper)}"
    else:
        aim = f"a target of {indicator.format_value(target.value)}"
    close = ", within the amber tolerance" if rag == RagStatus.AMBER else ""
    commentary = f"{indicator.format_value(value)} against {aim}{close}. {spec.cause}"
    return commentary, spec.action if rag == RagStatus.RED else ""


def _calculated_returns(
    calendar: Calendar, indicators: dict[str, Indicator], returns: list[IndicatorReturn]
) -> list[IndicatorReturn]:
    """Calculated indicators' values from their inputs' approved values, as the service
    recalculates them when an input is approved."""
    entered = {(r.indicator.code, r.period_id): r for r in returns}
    made = []
    for spec in SPECS:
        if not spec.formula:
            continue
        formula = parse_formula(spec.formula)
        for period in calendar.reported(spec.frequency):
            inputs = [entered.get((code, period.pk)) for code in sorted(formula.references)]
            if any(r is None or r.status != Status.APPROVED for r in inputs):
                continue
            value = formula.evaluate({r.indicator.code: r.value for r in inputs})
            if value is None:
                continue
            made.append(
                IndicatorReturn(
                    indicator=indicators[spec.code],
                    period=period,
                    value=value.quantize(STORED, rounding=ROUND_HALF_UP),
                    status=Status.APPROVED,
                    is_calculated=True,
                    approved_at=max(r.approved_at for r in inputs),
                    commentary=f"Calculated from {spec.formula}.",
                )
            )
    return made


# Saving ----------------------------------------------------------------------------------


def _attribute(row: Target | IndicatorReturn, user: User | None, when: datetime) -> None:
    """Who made this version of the row, and when: bulk_history_create reads these."""
    row._history_user = user  # type: ignore[union-attr]
    row._history_date = when  # type: ignore[union-attr]


def _save_targets(targets: list[Target]) -> None:
    """bulk_create stamps set_at with the current time; the demo's targets were set in past
    Marches, so their dates are put back before their history is written."""
    intended = [target.set_at for target in targets]
    Target.objects.bulk_create(targets, batch_size=BATCH)
    by_moment: dict[datetime, list[int]] = defaultdict(list)
    for target, when in zip(targets, intended, strict=True):
        target.set_at = when
        _attribute(target, target.set_by, when)
        by_moment[when].append(target.pk)
    for when, ids in by_moment.items():
        Target.objects.filter(pk__in=ids).update(set_at=when)
    Target.history.bulk_history_create(targets, batch_size=BATCH)


def _save_returns(
    returns: list[IndicatorReturn], organisation: Organisation, calendar: Calendar
) -> None:
    """Writes the returns, dates their last change to their approval or submission, and
    writes their history: submitted by the lead officer, then approved by the head of service."""
    IndicatorReturn.objects.bulk_create(returns, batch_size=BATCH)
    IndicatorReturn.objects.filter(indicator__organisation=organisation).update(
        updated_at=Coalesce(
            "approved_at", "submitted_at", Value(calendar.now, output_field=DateTimeField())
        )
    )
    created, approved = [], []
    for made in returns:
        made.updated_at = made.approved_at or made.submitted_at or calendar.now
        if made.status == Status.APPROVED and made.submitted_at is not None:
            submitted = copy.copy(made)
            submitted.status = Status.SUBMITTED
            submitted.approved_by_id = None
            submitted.approved_at = None
            submitted.updated_at = made.submitted_at
            _attribute(submitted, made.submitted_by, made.submitted_at)
            created.append(submitted)
            _attribute(made, made.approved_by, made.updated_at)
            approved.append(made)
        else:
            entered_by = None if made.is_calculated else made.indicator.owner
            _attribute(made, made.submitted_by or entered_by, made.updated_at)
            created.append(made)
    IndicatorReturn.history.bulk_history_create(created, batch_size=BATCH)
    IndicatorReturn.history.bulk_history_create(approved, batch_size=BATCH, update=True)
