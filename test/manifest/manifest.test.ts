/**
 * Offline checks of manifest.xml: the structure Excel needs to sideload Grant Planner.
 * (`npm run validate` asks Microsoft's online validator; this test needs no network.)
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  NS,
  TASK_PANE_APP_ORDER,
  attr,
  checkHttps,
  checkIcons,
  checkManifest,
  checkRequiredElements,
  checkResourceIds,
  checkRoot,
  checkSchemaOrder,
  child,
  descendants,
  iconReferences,
  parseManifest,
  pngDimensions,
  resourceDefinitions,
} from "./manifestCheck";
import type { ManifestProblem, ReadProjectFile, XmlElement } from "./manifestCheck";

const PROJECT_ROOT = resolve(__dirname, "..", "..");
const BASE_URL = "https://localhost:3000/";
const manifestXml = readFileSync(join(PROJECT_ROOT, "manifest.xml"), "utf8");

const readProjectFile: ReadProjectFile = (relativePath) => {
  const file = join(PROJECT_ROOT, relativePath);
  return existsSync(file) ? readFileSync(file) : null;
};

function parseOrFail(xml: string): XmlElement {
  const parsed = parseManifest(xml);
  expect(parsed.problems).toEqual([]);
  if (parsed.root === null) throw new Error("manifest did not parse");
  return parsed.root;
}

function codes(problems: readonly ManifestProblem[]): string[] {
  return problems.map((p) => p.code);
}

describe("manifest.xml", () => {
  const root = parseOrFail(manifestXml);

  it("passes every structural check", () => {
    expect(checkManifest(manifestXml, { baseUrl: BASE_URL, readFile: readProjectFile })).toEqual([]);
  });

  it("is a task-pane OfficeApp", () => {
    expect(root.name).toBe("OfficeApp");
    expect(root.ns).toBe(NS.app);
    expect(attr(root, "type", NS.xsi)).toBe("TaskPaneApp");
    expect(checkRoot(root)).toEqual([]);
  });

  it("has the required elements with the expected values", () => {
    expect(checkRequiredElements(root)).toEqual([]);
    expect(child(root, "Id")?.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(child(root, "Version")?.text).toBe("1.0.0.0");
    expect(child(root, "ProviderName")?.text).toBe("Grant Planner");
    expect(child(root, "DefaultLocale")?.text).toBe("en-GB");
    const displayName = child(root, "DisplayName");
    expect(displayName === undefined ? undefined : attr(displayName, "DefaultValue")).toBe("Grant Planner");
    expect(child(root, "Permissions")?.text).toBe("ReadWriteDocument");
    const hosts = child(root, "Hosts")?.children ?? [];
    expect(hosts.map((h) => attr(h, "Name"))).toEqual(["Workbook"]);
  });

  it("does not hide the add-in behind <Requirements> (the pane checks API support at runtime)", () => {
    expect(child(root, "Requirements")).toBeUndefined();
    const overrides = child(root, "VersionOverrides", NS.ov);
    expect(overrides?.children.some((c) => c.name === "Requirements")).toBe(false);
  });

  it("lists top-level elements in schema order", () => {
    expect(checkSchemaOrder(root)).toEqual([]);
    const positions = root.children.map((c) => TASK_PANE_APP_ORDER.indexOf(c.name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("defines every referenced resid exactly once", () => {
    expect(checkResourceIds(root)).toEqual([]);
    const definedIds = resourceDefinitions(root).map((d) => d.id);
    const referenced = descendants(root)
      .map((e) => attr(e, "resid"))
      .filter((id): id is string => id !== undefined);
    expect(referenced.length).toBeGreaterThan(0);
    for (const id of referenced) {
      expect(definedIds.filter((d) => d === id)).toHaveLength(1);
    }
  });

  it("uses only https URLs", () => {
    expect(checkHttps(root)).toEqual([]);
  });

  it("points every icon at a PNG in assets/ of the size its name says", () => {
    const references = iconReferences(root);
    expect(references.map((r) => r.url).sort()).toEqual(
      [
        `${BASE_URL}assets/icon-16.png`,
        `${BASE_URL}assets/icon-32.png`,
        `${BASE_URL}assets/icon-32.png`,
        `${BASE_URL}assets/icon-64.png`,
        `${BASE_URL}assets/icon-80.png`,
      ].sort(),
    );
    expect(checkIcons(root, BASE_URL, readProjectFile)).toEqual([]);
    for (const reference of references) {
      const bytes = readProjectFile(reference.url.slice(BASE_URL.length));
      const size = Number(/icon-(\d+)\.png$/.exec(reference.url)?.[1]);
      expect(bytes === null ? null : pngDimensions(bytes)).toEqual({ width: size, height: size });
    }
  });

  it("adds one Home-tab button that opens the task pane", () => {
    const elements = descendants(root);
    const homeTabs = elements.filter((e) => e.name === "OfficeTab" && attr(e, "id") === "TabHome");
    expect(homeTabs).toHaveLength(1);
    const buttons = elements.filter((e) => e.name === "Control" && attr(e, "type", NS.xsi) === "Button");
    expect(buttons).toHaveLength(1);
    const action = buttons[0]?.children.find((c) => c.name === "Action");
    expect(action === undefined ? undefined : attr(action, "type", NS.xsi)).toBe("ShowTaskpane");
    expect(action?.children.find((c) => c.name === "TaskpaneId")?.text).not.toBe("");
  });

  it("serves the pane and the function file from pages the build produces", () => {
    const urls = resourceDefinitions(root)
      .filter((d) => d.kind === "Urls")
      .map((d) => attr(d.element, "DefaultValue"));
    const sourceLocation = child(root, "DefaultSettings")?.children.find((c) => c.name === "SourceLocation");
    const pages = [...urls, sourceLocation === undefined ? undefined : attr(sourceLocation, "DefaultValue")];
    const templates: Readonly<Record<string, string>> = {
      "taskpane.html": "src/taskpane/taskpane.html",
      "commands.html": "src/commands/commands.html",
    };
    for (const page of pages) {
      expect(page?.startsWith(BASE_URL)).toBe(true);
      const template = templates[page?.slice(BASE_URL.length) ?? ""];
      expect(template).toBeDefined();
      expect(existsSync(join(PROJECT_ROOT, template ?? ""))).toBe(true);
    }
    const functionFile = descendants(root).find((e) => e.name === "FunctionFile");
    const functionFileUrl = resourceDefinitions(root).find((d) => d.id === attr(functionFile ?? root, "resid"));
    expect(functionFileUrl === undefined ? undefined : attr(functionFileUrl.element, "DefaultValue")).toBe(
      `${BASE_URL}commands.html`,
    );
  });
});

/**
 * What the manifest tells a person in the Office store, the add-in dialog and the ribbon.
 * It may only claim what the product does: each feature it names must also be in the
 * README's description of the product (the text before "## The two commands").
 */
describe("manifest.xml claims only what exists", () => {
  const root = parseOrFail(manifestXml);
  const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
  const productDescription = readme.slice(0, readme.indexOf("## The two commands"));

  /** Features a grant planner might claim, each as a pattern that finds it in prose. */
  const FEATURES: readonly { readonly feature: string; readonly pattern: RegExp }[] = [
    { feature: "awards", pattern: /\bawards?\b/i },
    { feature: "activity lines", pattern: /\blines?\b/i },
    { feature: "reserves", pattern: /\breserves?\b/i },
    { feature: "to the penny", pattern: /\bpenny\b/i },
    { feature: "splitting", pattern: /\bsplit/i },
    { feature: "checks", pattern: /\bcheck/i },
    { feature: "performance measures", pattern: /\bmeasures?\b/i },
    { feature: "virements", pattern: /\bvirements?\b/i },
    { feature: "quarterly returns", pattern: /\breturns?\b|\bquarter/i },
    { feature: "spend", pattern: /\bspend(ing)?\b/i },
    { feature: "summaries and board packs", pattern: /\bsummar|\bboard pack/i },
    { feature: "exports", pattern: /\bexport/i },
    { feature: "progress against targets", pattern: /\bprogress\b/i },
  ];

  /** Every sentence the manifest shows a person: descriptions, titles, labels, tooltips. */
  function shownText(): { readonly where: string; readonly text: string }[] {
    const description = child(root, "Description");
    const shown = description === undefined ? [] : [{ where: "<Description>", text: attr(description, "DefaultValue") ?? "" }];
    for (const d of resourceDefinitions(root)) {
      if (d.kind === "ShortStrings" || d.kind === "LongStrings") shown.push({ where: d.id, text: attr(d.element, "DefaultValue") ?? "" });
    }
    return shown;
  }

  it("has a description and the ribbon's texts to read", () => {
    const shown = shownText();
    expect(shown.map((s) => s.where)).toEqual(expect.arrayContaining(["<Description>", "GetStarted.Description", "GrantPlanner.OpenPane.Tooltip"]));
    for (const { text } of shown) expect(text.trim()).not.toBe("");
  });

  it("names no feature the README does not describe (no virements or quarterly returns yet)", () => {
    const unclaimed: string[] = [];
    for (const { where, text } of shownText()) {
      for (const { feature, pattern } of FEATURES) {
        if (pattern.test(text) && !pattern.test(productDescription)) unclaimed.push(`${where} claims ${feature}: "${text}"`);
      }
    }
    expect(unclaimed).toEqual([]);
  });

  it("keeps each description within the 250 characters Office allows", () => {
    for (const { where, text } of shownText()) expect(`${where}: ${text.length}`).toBe(`${where}: ${Math.min(text.length, 250)}`);
  });
});

describe("the manifest checker reports broken manifests", () => {
  const options = { baseUrl: BASE_URL, readFile: readProjectFile };

  it("reports XML that is not well-formed", () => {
    const broken = manifestXml.replace("</ProviderName>", "</Provider>");
    expect(codes(checkManifest(broken, options))).toContain("not-well-formed");
  });

  it("reports a resid that has no resource", () => {
    const broken = manifestXml.replace('<FunctionFile resid="Commands.Url"/>', '<FunctionFile resid="Commands.Missing"/>');
    expect(broken).not.toBe(manifestXml);
    const problems = checkManifest(broken, options);
    expect(codes(problems)).toContain("undefined-resid");
    expect(problems.find((p) => p.code === "undefined-resid")?.message).toContain("Commands.Missing");
  });

  it("reports a resource defined twice", () => {
    const line = '<bt:Url id="Commands.Url" DefaultValue="https://localhost:3000/commands.html"/>';
    const broken = manifestXml.replace(line, `${line}\n${line}`);
    expect(codes(checkManifest(broken, options))).toContain("duplicate-resid");
  });

  it("reports top-level elements out of schema order", () => {
    const version = "<Version>1.0.0.0</Version>";
    const provider = "<ProviderName>Grant Planner</ProviderName>";
    const broken = manifestXml.replace(version, "@@").replace(provider, version).replace("@@", provider);
    expect(broken).not.toBe(manifestXml);
    const problems = checkManifest(broken, options);
    expect(codes(problems)).toEqual(["out-of-order"]);
    expect(problems[0]?.message).toContain("<Version>");
  });

  it("reports a missing required element, a non-GUID Id and the wrong locale", () => {
    const broken = manifestXml
      .replace(/<Permissions>[^<]*<\/Permissions>/, "")
      .replace(/<Id>[^<]*<\/Id>/, "<Id>grant-planner</Id>")
      .replace("<DefaultLocale>en-GB</DefaultLocale>", "<DefaultLocale>en-US</DefaultLocale>");
    const problems = codes(checkManifest(broken, options));
    expect(problems).toEqual(expect.arrayContaining(["missing-element", "bad-id", "wrong-value"]));
  });

  it("reports http URLs", () => {
    const broken = manifestXml.replace(
      '<SupportUrl DefaultValue="https://localhost:3000/taskpane.html"/>',
      '<SupportUrl DefaultValue="http://localhost:3000/taskpane.html"/>',
    );
    expect(codes(checkManifest(broken, options))).toContain("not-https");
  });

  it("reports an icon whose file is the wrong size or missing", () => {
    const swapped: ReadProjectFile = (relativePath) =>
      readProjectFile(relativePath === "assets/icon-80.png" ? "assets/icon-64.png" : relativePath);
    const wrongSize = checkManifest(manifestXml, { baseUrl: BASE_URL, readFile: swapped });
    expect(codes(wrongSize)).toEqual(["icon-wrong-size"]);
    expect(wrongSize[0]?.message).toContain("64x64, expected 80x80");

    const missing = checkManifest(manifestXml.replace(/icon-16\.png/g, "icon-17.png"), options);
    expect(codes(missing)).toEqual(["icon-missing"]);
  });

  it("reports a root that is not a task-pane app", () => {
    const broken = manifestXml.replace('xsi:type="TaskPaneApp"', 'xsi:type="ContentApp"');
    expect(codes(checkManifest(broken, options))).toContain("wrong-root");
  });
});
