/** Per-grant totals and their JSON form, for the example and a plan that is over-allocated. */
import { summarise, summaryToJson } from "../../src/plan/summary";
import { checked, exampleWorkbook } from "../support/plans";

describe("summarise", () => {
  it("gives the example's awards, allocations and lines", async () => {
    const { plan } = await checked(await exampleWorkbook());
    const summary = summarise(plan);
    expect(summary.map((g) => [g.id, g.name, g.funder, g.year])).toEqual([
      ["CRG", "Crime Reduction Grant 2020/21", "Merseyside Police and Crime Commissioner", "2020/21"],
      ["VRP", "Violence Reduction Partnership Grant 2020/21", "Merseyside Violence Reduction Partnership", "2020/21"],
    ]);
    const json = summary.map(summaryToJson);
    expect(json[0]).toEqual({
      id: "CRG",
      name: "Crime Reduction Grant 2020/21",
      award: "332000.00",
      allocated: "332000.00",
      unallocated: "0.00",
      lines: [
        { id: "CRG-01", activity: "Youth order engagement and park night sessions", allocation: "119000.00", reserve: false },
        { id: "CRG-02", activity: "Support for victims and new work with perpetrators and families", allocation: "50000.00", reserve: false },
        { id: "CRG-03", activity: "Hate crime awareness, reporting and support for vulnerable people", allocation: "15000.00", reserve: false },
        { id: "CRG-04", activity: "Resilient communities against anti-social and criminal behaviour", allocation: "60000.00", reserve: false },
        { id: "CRG-05", activity: "Scrambler bike initiative, Community Justice Panels and road safety operations", allocation: "53000.00", reserve: false },
        { id: "CRG-06", activity: "Stay Safe schools sessions and one-to-one work with exploited children", allocation: "35000.00", reserve: false },
      ],
    });
    expect(json[1]?.lines.map((l) => [l.id, l.allocation, l.reserve])).toEqual([
      ["VRP-01", "30000.00", false],
      ["VRP-02", "60000.00", false],
      ["VRP-03", "17500.00", false],
      ["VRP-04", "26000.00", false],
      ["VRP-05", "46500.00", true],
    ]);
    expect([json[1]?.award, json[1]?.allocated, json[1]?.unallocated]).toEqual(["180000.00", "180000.00", "0.00"]);
  });

  it("shows an over-allocated grant's unallocated amount as negative", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "F2", 120000);
    const { plan } = await checked(wb);
    const crg = summarise(plan).map(summaryToJson)[0];
    expect([crg?.award, crg?.allocated, crg?.unallocated]).toEqual(["332000.00", "333000.00", "-1000.00"]);
    expect(crg?.lines[0]?.allocation).toBe("120000.00");
  });

  it("counts a blank or unreadable allocation as nothing and shows it as null", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "F2", null);
    wb.setValue("Lines", "F3", "TBC");
    const { plan } = await checked(wb);
    const crg = summarise(plan).map(summaryToJson)[0];
    expect([crg?.allocated, crg?.unallocated]).toEqual(["163000.00", "169000.00"]);
    expect(crg?.lines.slice(0, 2).map((l) => l.allocation)).toEqual([null, null]);
  });

  it("gives null award and unallocated when the award cannot be read", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Grants", "E3", "#REF!");
    const { plan } = await checked(wb);
    const vrp = summarise(plan).map(summaryToJson)[1];
    expect([vrp?.award, vrp?.allocated, vrp?.unallocated]).toEqual([null, "180000.00", null]);
  });

  it("gives sub-penny amounts no two-decimal JSON form (null) rather than round them", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "F2", 118999.995);
    const { plan } = await checked(wb);
    const crg = summarise(plan).map(summaryToJson)[0];
    expect([crg?.award, crg?.allocated, crg?.unallocated, crg?.lines[0]?.allocation, crg?.lines[1]?.allocation]).toEqual([
      "332000.00",
      null,
      null,
      null,
      "50000.00",
    ]);
  });

  it("matches lines to grants case-insensitively and keeps a grant with no lines", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "B2", "crg");
    for (let row = 8; row <= 12; row++) wb.setValue("Lines", `B${row}`, "CRG");
    const { plan } = await checked(wb);
    const json = summarise(plan).map(summaryToJson);
    expect(json.map((g) => [g.id, g.allocated, g.unallocated, g.lines.length])).toEqual([
      ["CRG", "512000.00", "-180000.00", 11],
      ["VRP", "0.00", "180000.00", 0],
    ]);
  });
});
