/**
 * The shipped example: Sefton's Safer Communities budget plan for 2020/21, with both
 * grants, every activity line and amount, and every performance measure (with its
 * number where the plan states one). Outcomes are summarised in our own words.
 */
import type { GrantInput, LineInput, MeasureInput, PlanData } from "../template";

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

export const SEFTON_2020_21: PlanData = { grants, lines, measures };
