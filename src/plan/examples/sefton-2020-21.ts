/**
 * The shipped example: Sefton's Safer Communities budget plan for 2020/21, with both
 * grants, every activity line and amount, and every performance measure (with its
 * number where the plan states one). Outcomes are summarised in our own words.
 *
 * Its quarterly returns for Q1 and Q2 are illustrative: invented figures that give every
 * view something to show (the workbook says so in each return's "Entered by" and in its
 * settings). As at 2020/21-Q2 they include one late return (CRG-04 has no Q2 return), one
 * overspend against profile (CRG-05) and one underspend (VRP-03). The reserve (VRP-05)
 * returns no spend.
 */
import { META_KEYS } from "../schema";
import type { QuarterNumber } from "../periods";
import type { GrantInput, LineInput, LineReturnData, MeasureInput, MeasureReturnData, PlanData, ReturnsData } from "../template";

const VRP_AREAS = [
  "Early Help",
  "Early Years",
  "Speech and Language Therapy and readiness for school",
  "Targeted interventions (with at risk young people)",
  "Youth diversion and mentoring",
  "Local education initiatives",
];

const grants: GrantInput[] = [
  {
    id: "CRG",
    name: "Crime Reduction Grant 2020/21",
    funder: "Merseyside Police and Crime Commissioner",
    year: "2020/21",
    award: "332000.00",
    eligibleAreas: [],
    notes: "Six activity lines agreed by the Safer Communities Partnership.",
  },
  {
    id: "VRP",
    name: "Violence Reduction Partnership Grant 2020/21",
    funder: "Merseyside Violence Reduction Partnership",
    year: "2020/21",
    award: "180000.00",
    eligibleAreas: VRP_AREAS,
    notes: "May be spent only on the VRP's six priority areas (public health approach).",
  },
];

type LineRow = [id: string, grantId: string, theme: string, activity: string, lead: string, allocation: string, areas: string[], outcomes: string, notes?: string];

const lineRows: LineRow[] = [
  ["CRG-01", "CRG", "Anti-Social Behaviour", "Youth order engagement and park night sessions", "", "119000.00", [], "Young people on youth orders stay engaged; less reoffending; young people kept busy in summer and at peak times; less group anti-social behaviour in public places."],
  ["CRG-02", "CRG", "Sexual Violence", "Support for victims and new work with perpetrators and families", "", "50000.00", [], "Victims get the support they need and their wellbeing improves; more provision for domestic abuse perpetrators; more guidance on children and young people who cause harm; more help for parents and young people to reduce violent behaviour."],
  ["CRG-03", "CRG", "Vulnerable People including Hate Crime", "Hate crime awareness, reporting and support for vulnerable people", "", "15000.00", [], "Wider awareness of hate crime across the borough; vulnerable residents supported; simple, clear messages; less reoffending and isolation; fewer language barriers and stronger cohesion."],
  ["CRG-04", "CRG", "Community Infrastructure", "Resilient communities against anti-social and criminal behaviour", "", "60000.00", [], "Communities more resilient to and able to sustain action against anti-social and criminal behaviour; less of that behaviour; better reporting using current technology."],
  ["CRG-05", "CRG", "Community Resilience", "Scrambler bike initiative, Community Justice Panels and road safety operations", "", "53000.00", [], "Scrambler bike initiative continued and extended; partners' resources used for public messages; local economy supported; Community Justice Panels kept going; safer highways; support to Merseyside Police operations."],
  ["CRG-06", "CRG", "Serious Organised Crime & Serious Acquisitive Crime", "Stay Safe schools sessions and one-to-one work with exploited children", "", "35000.00", [], "Stay Safe sessions in schools continue and a youth early intervention group is developed; Get Away and Get Safe commissioned for one-to-one work with vulnerable exploited children."],
  ["VRP-01", "VRP", "Violence reduction", "GANGS Project", "", "30000.00", ["Local education initiatives"], "Thirty weekly sessions in primary schools across the borough."],
  ["VRP-02", "VRP", "Violence reduction", "Commissioned Youth Provision", "", "60000.00", ["Youth diversion and mentoring"], "Extra activities and engagement with young people by commissioned providers, encouraging cohesion and healthy lifestyles.", "£10,000 for each of 6 commissioned providers."],
  ["VRP-03", "VRP", "Violence reduction", "Youth Offending Team", "Youth Offending Team", "17500.00", ["Targeted interventions (with at risk young people)"], "Educational psychologist; training and delivery on adverse childhood experiences (ACEs); diversionary programmes for the YOT cohort."],
  ["VRP-04", "VRP", "Violence reduction", "Sefton CVS", "Sefton CVS", "26000.00", ["Early Help", "Youth diversion and mentoring"], "Support for non-commissioned providers to run violence reduction activities; Young Advisors make young people's voices heard on violence and gangs; new communities of practice on ACEs; training across the sector."],
];

const lines: LineInput[] = [
  ...lineRows.map(([id, grantId, theme, activity, lead, allocation, areas, outcomes, notes]) => ({
    id,
    grantId,
    theme,
    activity,
    lead,
    allocation,
    isReserve: false,
    priorityAreas: areas,
    outcomes,
    notes: notes ?? "",
  })),
  {
    id: "VRP-05",
    grantId: "VRP",
    theme: "Violence reduction",
    activity: "Flexible reserve",
    lead: "",
    allocation: "46500.00",
    isReserve: true,
    priorityAreas: [],
    outcomes: "Held to respond to issues after COVID-19 in the night-time economy, businesses, anti-social behaviour and anything else that emerges.",
    notes: "",
  },
];

type MeasureRow = [lineId: string, description: string, kind: MeasureInput["kind"], target: number | null, unit: string, notes?: string];

const measureRows: MeasureRow[] = [
  ["CRG-01", "Reduction in reoffending rate", "to-be-agreed", null, "", "A reduction measure; the plan gives no baseline or target yet."],
  ["CRG-01", "Park night sessions", "count", 60, "sessions"],
  ["CRG-01", "Participants", "count", 600, "participants"],
  ["CRG-02", "Sexual violence support", "external", null, "", "As per the PCC-led contract monitoring."],
  ["CRG-02", "Outputs of the new projects", "to-be-agreed", null, "", "The projects are new; outputs to be agreed with project leads."],
  ["CRG-03", "Hate crime incidents reported", "at-least", 500, "incidents", "Increase reporting to over 500 incidents."],
  ["CRG-03", "Hate crime training sessions delivered", "count", 8, "sessions"],
  ["CRG-03", "New hate crime reporting centres established", "count", 2, "centres"],
  ["CRG-04", "Young people engaged via the SIT team", "count", 250, "young people"],
  ["CRG-04", "Adults engaged via the SIT team", "count", 260, "adults"],
  ["CRG-04", "New mobile CCTV cameras set up", "count", 2, "cameras"],
  ["CRG-04", "Friends of groups established for open spaces that are ASB hotspots", "count", 2, "groups"],
  ["CRG-05", "Schools involved in the Scrambler Bike Project", "count", 5, "schools"],
  ["CRG-05", "New volunteers trained for the Community Justice Panels", "count", 10, "volunteers"],
  ["CRG-05", "Arrests in Op CHAPAR", "count", 200, "arrests"],
  ["CRG-05", "Drug wipe kits deployed", "count", 600, "kits"],
  ["CRG-05", "Bike marking kits given out", "count", 750, "kits"],
  ["CRG-06", "Workshops", "count", 52, "workshops"],
  ["CRG-06", "Playground sessions", "count", 50, "sessions"],
  ["CRG-06", "Early intervention projects", "count", 8, "projects"],
  ["CRG-06", "One-to-one sessions", "count", 20, "sessions"],
  ["VRP-01", "Sessions delivered", "count", 30, "sessions"],
  ["VRP-01", "Feedback from teachers and schools", "narrative", null, ""],
  ["VRP-02", "Success and learning reported by every commissioned group to the commissioned youth providers forum", "narrative", null, ""],
  ["VRP-02", "Feedback on the extra activities from young people at SYMBOL meetings", "narrative", null, ""],
  ["VRP-03", "Young people's additional needs identified and counselling provided as required", "narrative", null, ""],
  ["VRP-03", "Young people who have suffered trauma supported through a bespoke programme", "narrative", null, ""],
  ["VRP-03", "Holiday programmes of positive diversionary activities available to young people working with the YOT", "narrative", null, ""],
  ["VRP-04", "Non-commissioned providers identified and approached to deliver activities", "milestone", null, ""],
  ["VRP-04", "Young Advisors and Youth Cabinet engage young people through SYMBOL meetings", "narrative", null, ""],
  ["VRP-04", "Existing communities of practice expanded and new ones developed", "milestone", null, ""],
  ["VRP-05", "Intelligence-led planning of activities for COVID-19 recovery", "narrative", null, ""],
  ["VRP-05", "Engagement with night-time economy businesses", "narrative", null, ""],
];

const measures: MeasureInput[] = measureRows.map(([lineId, description, kind, target, unit, notes], i) => {
  const sameLineBefore = measureRows.slice(0, i).filter((m) => m[0] === lineId).length;
  return { id: `${lineId}.${sameLineBefore + 1}`, lineId, description, kind, target, unit, baseline: null, notes: notes ?? "" };
});

/** Who "entered" the example's returns: says on every row that the figures are invented. */
export const ILLUSTRATIVE = "Illustrative example (invented figures)";
const YEAR = "2020/21";
/** When each quarter's returns were "entered": a few weeks after the quarter ended. */
const ENTERED: Record<1 | 2, string> = { 1: "2020-07-14T10:30", 2: "2020-10-13T14:15" };

type LineReturnRow = [lineId: string, quarter: 1 | 2, spend: string, status: string, commentary: string, risks?: string];

const lineReturnRows: LineReturnRow[] = [
  ["CRG-01", 1, "19250.00", "Green", "Park nights paused in April and May under lockdown; youth order work moved to phone and doorstep contact."],
  ["CRG-01", 2, "40100.00", "Green", "Summer programme ran in four parks from July, catching up on the sessions lost in spring.", "Autumn sessions depend on local restrictions."],
  ["CRG-02", 1, "11900.00", "Green", "Victim support contract running; perpetrator programme design under way."],
  ["CRG-02", 2, "12650.00", "Green", "Perpetrator programme started with its first cohort in August."],
  ["CRG-03", 1, "3400.00", "Green", "Awareness campaign planned for autumn; training moved online."],
  ["CRG-03", 2, "3980.00", "Green", "Two online training sessions held; first reporting centre agreed with a library."],
  ["CRG-04", 1, "14250.00", "Green", "Street intervention team working in the three hotspot wards."],
  ["CRG-05", 1, "14100.00", "Green", "Bike marking and drug wipe kits bought in bulk at the start of the year."],
  [
    "CRG-05",
    2,
    "17900.00",
    "Amber",
    "Extra summer road safety operations with the police brought spend forward; Q3 and Q4 will be lower to stay within the allocation.",
    "Overspend against profile to date; to be reviewed at the October partnership meeting.",
  ],
  ["CRG-06", 1, "8200.00", "Green", "Stay Safe sessions delivered online to schools that stayed open."],
  ["CRG-06", 2, "9100.00", "Green", "One-to-one work with exploited children commissioned and started."],
  ["VRP-01", 1, "7200.00", "Green", "Sessions ran in eight primary schools before the summer term ended."],
  ["VRP-01", 2, "6900.00", "Green", "Fewer sessions over the summer holidays; the session fees for new schools booked for September were paid in advance."],
  ["VRP-02", 1, "15000.00", "Green", "First quarterly payments made to all six commissioned providers."],
  ["VRP-02", 2, "15000.00", "Green", "Second quarterly payments made; providers ran outdoor activities over the summer."],
  ["VRP-03", 1, "1200.00", "Amber", "Educational psychologist post not yet filled; diversionary programme planned.", "Recruitment is slow; money may need to move."],
  [
    "VRP-03",
    2,
    "1850.00",
    "Amber",
    "Still recruiting the educational psychologist; only the holiday programme has spent so far.",
    "Underspend against profile: a virement may be needed by Q3.",
  ],
  ["VRP-04", 1, "7900.00", "Green", "Young Advisors recruited; small grants scheme opened to non-commissioned groups."],
  ["VRP-04", 2, "6350.00", "Green", "Eleven small grants awarded; first community of practice met online."],
  ["VRP-05", 1, "0.00", "Green", "No call on the reserve this quarter."],
  ["VRP-05", 2, "0.00", "Green", "No call on the reserve yet; night-time economy plans are being drawn up for the autumn."],
];

type MeasureReturnRow = [measureId: string, q1: number | null, q2: number | null, status: [string, string], comment: [string, string]];

const measureReturnRows: MeasureReturnRow[] = [
  ["CRG-01.1", null, null, ["Amber", "Amber"], ["Baseline still being agreed with the youth justice service.", "Baseline agreed in principle; target to follow."]],
  ["CRG-01.2", 9, 24, ["Green", "Green"], ["Sessions started late because of lockdown.", "Summer sessions in four parks."]],
  ["CRG-01.3", 95, 260, ["Green", "Green"], ["", "Higher turnout than planned over the summer."]],
  ["CRG-02.1", null, null, ["Green", "Green"], ["See the PCC's contract monitoring.", "See the PCC's contract monitoring."]],
  ["CRG-02.2", null, null, ["Amber", "Green"], ["Outputs being agreed with the providers.", "Outputs agreed; counted from Q3."]],
  ["CRG-03.1", 118, 131, ["Green", "Green"], ["", ""]],
  ["CRG-03.2", 2, 2, ["Green", "Green"], ["Held online.", "Held online."]],
  ["CRG-03.3", 0, 1, ["Red", "Green"], ["Venues closed.", "First centre opened in a library."]],
  ["CRG-04.1", 58, 70, ["Green", "Green"], ["", ""]],
  ["CRG-04.2", 61, 66, ["Green", "Green"], ["", ""]],
  ["CRG-04.3", 0, 2, ["Red", "Blue"], ["Sites chosen; cameras on order.", "Both cameras in place."]],
  ["CRG-04.4", 0, 1, ["Red", "Green"], ["", "One group formed for a park near the town centre."]],
  ["CRG-05.1", 1, 2, ["Green", "Green"], ["", ""]],
  ["CRG-05.2", 3, 4, ["Green", "Green"], ["Training moved online.", ""]],
  ["CRG-05.3", 56, 61, ["Green", "Green"], ["", ""]],
  ["CRG-05.4", 140, 170, ["Green", "Green"], ["", ""]],
  ["CRG-05.5", 160, 210, ["Green", "Green"], ["", "Extra marking events over the summer."]],
  ["CRG-06.1", 10, 6, ["Green", "Amber"], ["", "Fewer workshops over the school holidays."]],
  ["CRG-06.2", 12, 5, ["Green", "Amber"], ["", "Fewer sessions over the school holidays."]],
  ["CRG-06.3", 2, 2, ["Green", "Green"], ["", ""]],
  ["CRG-06.4", 5, 6, ["Green", "Green"], ["", ""]],
  ["VRP-01.1", 8, 4, ["Green", "Green"], ["", "Summer holidays, as profiled."]],
  ["VRP-01.2", null, null, ["Green", "Green"], ["Teachers asked for the sessions to continue next term.", "Schools report pupils talk more openly about gangs."]],
  ["VRP-02.1", null, null, ["Green", "Green"], ["All six providers reported at the forum.", "Forum met in September."]],
  ["VRP-02.2", null, null, ["Green", "Green"], ["Young people asked for more sport.", "Positive feedback on the summer activities."]],
  ["VRP-03.1", null, null, ["Amber", "Amber"], ["Waiting for the psychologist to start.", "Waiting for the psychologist to start."]],
  ["VRP-03.2", null, null, ["Amber", "Amber"], ["Programme designed.", "First young people referred."]],
  ["VRP-03.3", null, null, ["Red", "Green"], ["", "Holiday programme ran in August."]],
  ["VRP-04.1", null, null, ["Green", "Blue"], ["Groups identified.", "Eleven groups approached and funded."]],
  ["VRP-04.2", null, null, ["Green", "Green"], ["", ""]],
  ["VRP-04.3", null, null, ["Amber", "Green"], ["", "First new community of practice met."]],
  ["VRP-05.1", null, null, ["Green", "Green"], ["No call on the reserve yet.", "No call on the reserve yet."]],
  ["VRP-05.2", null, null, ["Amber", "Green"], ["Businesses closed.", "Meetings with pub and club owners started."]],
];

const lineReturns: LineReturnData[] = lineReturnRows.map(([lineId, quarter, spend, status, commentary, risks]) => ({
  lineId,
  year: YEAR,
  quarter,
  spend,
  status,
  commentary,
  risks: risks ?? "",
  enteredBy: ILLUSTRATIVE,
  enteredOn: ENTERED[quarter],
}));

const measureReturns: MeasureReturnData[] = measureReturnRows.flatMap(([measureId, q1, q2, status, comment]) =>
  ([1, 2] as const).map((quarter): MeasureReturnData => ({
    measureId,
    year: YEAR,
    quarter: quarter satisfies QuarterNumber,
    value: quarter === 1 ? q1 : q2,
    status: status[quarter - 1] ?? "",
    comment: comment[quarter - 1] ?? "",
    enteredBy: ILLUSTRATIVE,
    enteredOn: ENTERED[quarter],
  })),
);

const returns: ReturnsData = {
  // Sefton CVS's small grants open in the first quarter, so more of its money goes then.
  spendProfiles: [{ lineId: "VRP-04", quarters: ["8000.00", "6000.00", "6000.00", "6000.00"] }],
  targetProfiles: [
    // The GANGS project runs in school terms: few sessions fall in the summer quarter.
    { measureId: "VRP-01.1", profile: "typed", quarters: [8, 4, 9, 9] },
    { measureId: "CRG-03.3", profile: "q3" },
    { measureId: "CRG-04.3", profile: "q2" },
  ],
  lineReturns,
  measureReturns,
  settings: {
    [META_KEYS.returnsAsAt]: "2020/21-Q2",
    "About the returns": "The Q1 and Q2 2020/21 returns in this example are illustrative: invented figures, not Sefton's own.",
  },
};

export const SEFTON_2020_21: PlanData = { grants, lines, measures, returns };
