/**
 * Offline structural checks for the Grant Planner add-in manifest (manifest.xml).
 *
 * Microsoft's `office-addin-manifest validate` needs the internet, so these checks cover
 * what breaks sideloading most often: malformed XML, elements out of schema order,
 * resource ids that are missing or defined twice, icons whose pixel size is wrong, and
 * plain-http URLs. Every check returns problems as data; an empty list means "passed".
 */
import { DOMParser } from "@xmldom/xmldom";
import type { Element as DomElement, Node as DomNode } from "@xmldom/xmldom";

export const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
} as const;

export type ManifestProblemCode =
  | "not-well-formed"
  | "wrong-root"
  | "missing-element"
  | "wrong-value"
  | "out-of-order"
  | "unknown-element"
  | "duplicate-element"
  | "bad-id"
  | "undefined-resid"
  | "duplicate-resid"
  | "unused-resid"
  | "resid-too-long"
  | "wrong-resource-kind"
  | "icon-not-local"
  | "icon-missing"
  | "icon-not-png"
  | "icon-wrong-size"
  | "not-https";

export interface ManifestProblem {
  readonly code: ManifestProblemCode;
  readonly message: string;
}

/** A namespace-aware, read-only view of one XML element. */
export interface XmlElement {
  readonly ns: string | null;
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** Concatenated text directly inside the element, trimmed. */
  readonly text: string;
  readonly line: number | undefined;
}

export interface XmlAttribute {
  readonly ns: string | null;
  readonly name: string;
  readonly value: string;
}

export interface ParsedManifest {
  readonly root: XmlElement | null;
  readonly problems: readonly ManifestProblem[];
}

/** Reads a file relative to the project root; null when it does not exist. */
export type ReadProjectFile = (relativePath: string) => Uint8Array | null;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

function toXmlElement(element: DomElement): XmlElement {
  const attributes: XmlAttribute[] = [];
  for (let i = 0; i < element.attributes.length; i += 1) {
    const attribute = element.attributes.item(i);
    if (attribute === null) continue;
    const isNamespaceDeclaration = attribute.name === "xmlns" || attribute.prefix === "xmlns";
    if (isNamespaceDeclaration) continue;
    attributes.push({
      ns: attribute.namespaceURI,
      name: attribute.localName ?? attribute.name,
      value: attribute.value,
    });
  }
  const children: XmlElement[] = [];
  let text = "";
  for (let i = 0; i < element.childNodes.length; i += 1) {
    const child = element.childNodes.item(i);
    if (child === null) continue;
    if (isElement(child)) {
      children.push(toXmlElement(child));
    } else if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) {
      text += child.nodeValue ?? "";
    }
  }
  return {
    ns: element.namespaceURI,
    name: element.localName ?? element.nodeName,
    attributes,
    children,
    text: text.trim(),
    line: element.lineNumber,
  };
}

/** Parses manifest text; any parser error or warning makes the manifest not well-formed. */
export function parseManifest(xml: string): ParsedManifest {
  const problems: ManifestProblem[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      problems.push({ code: "not-well-formed", message: `XML ${level}: ${message}` });
    },
  });
  try {
    const document = parser.parseFromString(xml, "text/xml");
    const rootElement = document.documentElement;
    if (rootElement === null) {
      problems.push({ code: "not-well-formed", message: "The manifest has no root element." });
      return { root: null, problems };
    }
    return { root: toXmlElement(rootElement), problems };
  } catch (error: unknown) {
    // A fatal parse error has normally been reported through onError already.
    if (problems.length === 0) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push({ code: "not-well-formed", message });
    }
    return { root: null, problems };
  }
}

// ---- small tree helpers ----

export function attr(element: XmlElement, name: string, ns: string | null = null): string | undefined {
  return element.attributes.find((a) => a.name === name && a.ns === ns)?.value;
}

export function child(element: XmlElement, name: string, ns: string = NS.app): XmlElement | undefined {
  return element.children.find((c) => c.name === name && c.ns === ns);
}

/** All elements below `element`, in document order. */
export function descendants(element: XmlElement): XmlElement[] {
  return element.children.flatMap((c) => [c, ...descendants(c)]);
}

function where(element: XmlElement): string {
  return element.line === undefined ? `<${element.name}>` : `<${element.name}> (line ${element.line})`;
}

// ---- root and required elements ----

export function checkRoot(root: XmlElement): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  if (root.name !== "OfficeApp" || root.ns !== NS.app) {
    problems.push({
      code: "wrong-root",
      message: `Root must be <OfficeApp> in ${NS.app}; found <${root.name}> in ${root.ns ?? "no namespace"}.`,
    });
  }
  const type = attr(root, "type", NS.xsi);
  if (type !== "TaskPaneApp") {
    problems.push({ code: "wrong-root", message: `OfficeApp xsi:type must be TaskPaneApp; found ${type ?? "none"}.` });
  }
  return problems;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}(\.\d{1,5}){0,3}$/;

export function checkRequiredElements(root: XmlElement): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const missing = (path: string): void => {
    problems.push({ code: "missing-element", message: `Required element ${path} is missing or empty.` });
  };

  const textElements = ["Id", "Version", "ProviderName", "DefaultLocale", "Permissions"];
  for (const name of textElements) {
    const element = child(root, name);
    if (element === undefined || element.text === "") missing(`<${name}>`);
  }
  const valueElements = ["DisplayName", "Description", "IconUrl", "HighResolutionIconUrl", "SupportUrl"];
  for (const name of valueElements) {
    const element = child(root, name);
    if (element === undefined || (attr(element, "DefaultValue") ?? "") === "") missing(`<${name} DefaultValue>`);
  }

  const id = child(root, "Id")?.text;
  if (id !== undefined && id !== "" && !GUID.test(id)) {
    problems.push({ code: "bad-id", message: `<Id> must be a GUID; found "${id}".` });
  }
  const version = child(root, "Version")?.text;
  if (version !== undefined && version !== "" && !VERSION.test(version)) {
    problems.push({ code: "wrong-value", message: `<Version> must look like 1.0.0.0; found "${version}".` });
  }
  const locale = child(root, "DefaultLocale")?.text;
  if (locale !== undefined && locale !== "" && locale !== "en-GB") {
    problems.push({ code: "wrong-value", message: `<DefaultLocale> must be en-GB; found "${locale}".` });
  }
  const permissions = child(root, "Permissions")?.text;
  if (permissions !== undefined && permissions !== "" && permissions !== "ReadWriteDocument") {
    problems.push({
      code: "wrong-value",
      message: `<Permissions> must be ReadWriteDocument; found "${permissions}".`,
    });
  }

  const hosts = child(root, "Hosts");
  const workbook = hosts?.children.find((h) => h.name === "Host" && attr(h, "Name") === "Workbook");
  if (workbook === undefined) missing('<Hosts><Host Name="Workbook"/></Hosts>');

  const defaultSettings = child(root, "DefaultSettings");
  const sourceLocation = defaultSettings === undefined ? undefined : child(defaultSettings, "SourceLocation");
  if (sourceLocation === undefined || (attr(sourceLocation, "DefaultValue") ?? "") === "") {
    missing("<DefaultSettings><SourceLocation DefaultValue>");
  }

  const overrides = child(root, "VersionOverrides", NS.ov);
  if (overrides === undefined) {
    missing(`<VersionOverrides> in ${NS.ov}`);
  } else if (attr(overrides, "type", NS.xsi) !== "VersionOverridesV1_0") {
    problems.push({
      code: "wrong-value",
      message: `VersionOverrides xsi:type must be VersionOverridesV1_0; found ${attr(overrides, "type", NS.xsi) ?? "none"}.`,
    });
  }
  return problems;
}

// ---- schema order ----

/** Children of <OfficeApp xsi:type="TaskPaneApp">, in the order the OfficeApp schema requires. */
export const TASK_PANE_APP_ORDER: readonly string[] = [
  "Id",
  "AlternateId",
  "Version",
  "ProviderName",
  "DefaultLocale",
  "DisplayName",
  "Description",
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
  "AppDomains",
  "Hosts",
  "Requirements",
  "DefaultSettings",
  "Permissions",
  "Dictionary",
  "VersionOverrides",
  "ExtendedOverrides",
];

interface OrderRule {
  /** Names of the parent element this rule applies to. */
  readonly parent: string;
  readonly order: readonly string[];
  /** Whether a child not in `order` is itself a problem. */
  readonly closed: boolean;
  /** Children that may appear more than once. */
  readonly repeatable?: readonly string[];
}

/** Orders checked inside VersionOverrides (only the children listed are compared). */
const NESTED_ORDER_RULES: readonly OrderRule[] = [
  {
    parent: "VersionOverrides",
    order: ["Description", "Requirements", "Hosts", "Resources", "WebApplicationInfo", "EquivalentAddins"],
    closed: false,
  },
  { parent: "Host", order: ["Runtimes", "AllFormFactors", "DesktopFormFactor"], closed: false },
  { parent: "DesktopFormFactor", order: ["GetStarted", "FunctionFile", "ExtensionPoint"], closed: false },
  { parent: "GetStarted", order: ["Title", "Description", "LearnMoreUrl"], closed: true },
  { parent: "Supertip", order: ["Title", "Description"], closed: true },
  { parent: "Group", order: ["Label", "Icon", "Control"], closed: false, repeatable: ["Control"] },
  { parent: "Control", order: ["Label", "Supertip", "Icon", "Action", "Enabled"], closed: false },
  { parent: "Action", order: ["TaskpaneId", "SourceLocation", "Title", "SupportsPinning"], closed: false },
  { parent: "Resources", order: ["Images", "Urls", "ShortStrings", "LongStrings"], closed: true },
  { parent: "Icon", order: ["Image"], closed: true, repeatable: ["Image"] },
];

function checkChildOrder(parent: XmlElement, rule: OrderRule): ManifestProblem[] {
  const { order, closed } = rule;
  const repeatable = rule.repeatable ?? [];
  const problems: ManifestProblem[] = [];
  let highest = -1;
  let highestName = "";
  const seen = new Set<string>();
  for (const element of parent.children) {
    const position = order.indexOf(element.name);
    if (position === -1) {
      if (closed) {
        problems.push({
          code: "unknown-element",
          message: `${where(element)} is not a valid child of <${parent.name}>.`,
        });
      }
      continue;
    }
    if (position < highest) {
      problems.push({
        code: "out-of-order",
        message: `${where(element)} must come before <${highestName}> inside <${parent.name}>.`,
      });
    } else {
      highest = position;
      highestName = element.name;
    }
    if (seen.has(element.name) && !repeatable.includes(element.name)) {
      problems.push({
        code: "duplicate-element",
        message: `${where(element)} appears more than once inside <${parent.name}>.`,
      });
    }
    seen.add(element.name);
  }
  return problems;
}

export function checkSchemaOrder(root: XmlElement): ManifestProblem[] {
  const problems = checkChildOrder(root, { parent: "OfficeApp", order: TASK_PANE_APP_ORDER, closed: true });
  const overrides = child(root, "VersionOverrides", NS.ov);
  if (overrides === undefined) return problems;
  for (const element of [overrides, ...descendants(overrides)]) {
    const rule = NESTED_ORDER_RULES.find((r) => r.parent === element.name);
    if (rule !== undefined) problems.push(...checkChildOrder(element, rule));
  }
  return problems;
}

// ---- resource ids ----

type ResourceKind = "Images" | "Urls" | "ShortStrings" | "LongStrings";

const RESOURCE_KINDS: readonly ResourceKind[] = ["Images", "Urls", "ShortStrings", "LongStrings"];

/** Which resource table a resid must point into, by the element that carries it. */
const EXPECTED_KIND: Readonly<Record<string, ResourceKind>> = {
  Image: "Images",
  FunctionFile: "Urls",
  SourceLocation: "Urls",
  LearnMoreUrl: "Urls",
  Label: "ShortStrings",
  Title: "ShortStrings",
  Description: "LongStrings",
};

const MAX_RESID_LENGTH = 32;

interface ResourceDefinition {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly element: XmlElement;
}

export function resourceDefinitions(root: XmlElement): ResourceDefinition[] {
  const resources = child(root, "VersionOverrides", NS.ov)?.children.find(
    (c) => c.name === "Resources" && c.ns === NS.ov,
  );
  if (resources === undefined) return [];
  const definitions: ResourceDefinition[] = [];
  for (const table of resources.children) {
    const kind = RESOURCE_KINDS.find((k) => k === table.name);
    if (kind === undefined || table.ns !== NS.bt) continue;
    for (const entry of table.children) {
      const id = attr(entry, "id");
      if (id !== undefined) definitions.push({ id, kind, element: entry });
    }
  }
  return definitions;
}

export function checkResourceIds(root: XmlElement): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const definitions = resourceDefinitions(root);
  const byId = new Map<string, ResourceDefinition[]>();
  for (const definition of definitions) {
    byId.set(definition.id, [...(byId.get(definition.id) ?? []), definition]);
    if (definition.id.length > MAX_RESID_LENGTH) {
      problems.push({
        code: "resid-too-long",
        message: `Resource id "${definition.id}" is longer than ${MAX_RESID_LENGTH} characters.`,
      });
    }
  }
  for (const [id, entries] of byId) {
    if (entries.length > 1) {
      problems.push({ code: "duplicate-resid", message: `Resource id "${id}" is defined ${entries.length} times.` });
    }
  }

  const referenced = new Set<string>();
  for (const element of [root, ...descendants(root)]) {
    const resid = attr(element, "resid");
    if (resid === undefined) continue;
    referenced.add(resid);
    const entries = byId.get(resid) ?? [];
    if (entries.length === 0) {
      problems.push({
        code: "undefined-resid",
        message: `${where(element)} refers to resid "${resid}", which is not defined in <Resources>.`,
      });
      continue;
    }
    const expected = EXPECTED_KIND[element.name];
    const first = entries[0];
    if (expected !== undefined && first !== undefined && first.kind !== expected) {
      problems.push({
        code: "wrong-resource-kind",
        message: `${where(element)} refers to "${resid}" in bt:${first.kind}; it needs an entry in bt:${expected}.`,
      });
    }
  }
  for (const definition of definitions) {
    if (!referenced.has(definition.id)) {
      problems.push({
        code: "unused-resid",
        message: `Resource "${definition.id}" in bt:${definition.kind} is never referenced.`,
      });
    }
  }
  return problems;
}

// ---- URLs and icons ----

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function checkHttps(root: XmlElement): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const element of [root, ...descendants(root)]) {
    for (const attribute of element.attributes) {
      if (URL_LIKE.test(attribute.value) && !attribute.value.startsWith("https://")) {
        problems.push({ code: "not-https", message: `${where(element)} ${attribute.name}="${attribute.value}" is not https.` });
      }
    }
    if (URL_LIKE.test(element.text) && !element.text.startsWith("https://")) {
      problems.push({ code: "not-https", message: `${where(element)} "${element.text}" is not https.` });
    }
  }
  return problems;
}

export interface IconReference {
  readonly url: string;
  /** Where the URL came from, for messages. */
  readonly source: string;
  /** Pixel sizes the icon must have, taken from its file name, resource id and use. */
  readonly expectedSizes: readonly number[];
}

function sizeFromFileName(url: string): number | undefined {
  const match = /icon-(\d+)\.png$/i.exec(url);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function sizeFromResourceId(id: string): number | undefined {
  const match = /(\d+)x(\d+)$/.exec(id);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return match[1] === match[2] ? Number(match[1]) : Number.NaN;
}

function distinctSizes(sizes: readonly (number | undefined)[]): number[] {
  return [...new Set(sizes.filter((s): s is number => s !== undefined))];
}

/** Every icon URL in the manifest with the size(s) it is meant to be. */
export function iconReferences(root: XmlElement): IconReference[] {
  const references: IconReference[] = [];
  const topLevel: readonly (readonly [string, number])[] = [
    ["IconUrl", 32],
    ["HighResolutionIconUrl", 64],
  ];
  for (const [name, size] of topLevel) {
    const element = child(root, name);
    if (element === undefined) continue;
    const urls = [attr(element, "DefaultValue"), ...element.children.map((o) => attr(o, "Value"))];
    for (const url of urls) {
      if (url === undefined) continue;
      references.push({ url, source: `<${name}>`, expectedSizes: distinctSizes([size, sizeFromFileName(url)]) });
    }
  }

  // Sizes the ribbon asks for: <Icon><bt:Image size="16" resid="..."/></Icon>.
  const requestedSizes = new Map<string, number[]>();
  for (const element of descendants(root)) {
    const resid = attr(element, "resid");
    const size = attr(element, "size");
    if (element.name !== "Image" || resid === undefined || size === undefined) continue;
    requestedSizes.set(resid, [...(requestedSizes.get(resid) ?? []), Number(size)]);
  }
  for (const definition of resourceDefinitions(root)) {
    if (definition.kind !== "Images") continue;
    const url = attr(definition.element, "DefaultValue");
    if (url === undefined) continue;
    references.push({
      url,
      source: `bt:Image "${definition.id}"`,
      expectedSizes: distinctSizes([
        sizeFromFileName(url),
        sizeFromResourceId(definition.id),
        ...(requestedSizes.get(definition.id) ?? []),
      ]),
    });
  }
  return references;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk, or null if the bytes are not a PNG. */
export function pngDimensions(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24) return null;
  if (!PNG_SIGNATURE.every((value, index) => bytes[index] === value)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = String.fromCharCode(bytes[12] ?? 0, bytes[13] ?? 0, bytes[14] ?? 0, bytes[15] ?? 0);
  if (chunkType !== "IHDR") return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function checkIcons(root: XmlElement, baseUrl: string, readFile: ReadProjectFile): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const reference of iconReferences(root)) {
    if (!reference.url.startsWith(baseUrl)) {
      problems.push({
        code: "icon-not-local",
        message: `${reference.source} ${reference.url} is not served from ${baseUrl}.`,
      });
      continue;
    }
    const relativePath = reference.url.slice(baseUrl.length);
    if (!relativePath.startsWith("assets/")) {
      problems.push({ code: "icon-not-local", message: `${reference.source} ${reference.url} is not under assets/.` });
      continue;
    }
    const bytes = readFile(relativePath);
    if (bytes === null) {
      problems.push({ code: "icon-missing", message: `${reference.source}: ${relativePath} does not exist.` });
      continue;
    }
    const dimensions = pngDimensions(bytes);
    if (dimensions === null) {
      problems.push({ code: "icon-not-png", message: `${reference.source}: ${relativePath} is not a PNG file.` });
      continue;
    }
    if (reference.expectedSizes.length === 0) {
      problems.push({
        code: "icon-wrong-size",
        message: `${reference.source}: cannot tell what size ${relativePath} should be from its name or id.`,
      });
    }
    for (const size of reference.expectedSizes) {
      if (dimensions.width !== size || dimensions.height !== size) {
        problems.push({
          code: "icon-wrong-size",
          message: `${reference.source}: ${relativePath} is ${dimensions.width}x${dimensions.height}, expected ${size}x${size}.`,
        });
      }
    }
  }
  return problems;
}

// ---- everything together ----

export interface CheckOptions {
  /** Prefix of every URL the development server serves, e.g. "https://localhost:3000/". */
  readonly baseUrl: string;
  readonly readFile: ReadProjectFile;
}

export function checkManifest(xml: string, options: CheckOptions): ManifestProblem[] {
  const parsed = parseManifest(xml);
  if (parsed.root === null || parsed.problems.length > 0) return [...parsed.problems];
  const root = parsed.root;
  return [
    ...checkRoot(root),
    ...checkRequiredElements(root),
    ...checkSchemaOrder(root),
    ...checkResourceIds(root),
    ...checkHttps(root),
    ...checkIcons(root, options.baseUrl, options.readFile),
  ];
}
