/**
 * Whether swc's decorator metadata is, value by value, what TypeScript's `transpileModule` emits for the
 * same file at run time, and swc's output made to match where they differ only in form.
 *
 * The rules come from TypeScript's metadata serializer and are pinned by test/loader/swc-metadata.test.ts,
 * which compiles a corpus of annotations with both compilers and compares what each gives Reflect, and
 * by test/loader/typeorm-metadata.test.ts, which compares the metadata TypeORM builds from each:
 *
 * - swc wraps a class reference as `typeof X === "undefined" ? Object : X`; TypeScript as "X if it is a
 *   function, else Object". They differ for an imported enum (swc: the enum object; TypeScript:
 *   Object), so swc's form is rewritten to TypeScript's meaning (also for a class read while the module
 *   that exports it is still loading, see isImportBinding).
 * - A reference TypeScript resolves within the file (a type alias, an enum, a namespace) is where swc
 *   cannot follow: such a file goes to TypeScript.
 * - swc emits a plain `Object` both where TypeScript does (`unknown`, `{ … }`, `string | null`) and
 *   where TypeScript knows better (`readonly string[]` is Array, `string | Role` is String): a plain
 *   `Object` is accepted only for a property whose annotation TypeScript certainly serializes as Object.
 * - A decorated property without annotation gets `Object` from TypeScript and nothing from swc.
 * - Parameters: swc types a rest parameter as Array (TypeScript: its element type) and adds a
 *   `design:type` to a class whose constructor parameters are decorated. Such files go to TypeScript.
 */
import type { Module, TsType } from "@swc/types";

type Annotations = Map<string, TsType | null>;

/** A value TypeScript and swc both emit as is. */
const PLAIN = /\b(?:String|Number|Boolean|Object|Array|Function|BigInt|Symbol|void 0|GUARDED)\b/g;
const NAME = String.raw`[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*`;
const SWC_GUARD = new RegExp(String.raw`typeof (${NAME}) === "undefined" \? Object : \1(?![\w$.])`, "g");
const PROPERTY_TARGET = /\s*\], ([\w$]+)(\.prototype)?, ("(?:[^"\\\n]|\\.)*"), void 0\);/y;
const PROPERTY_BLOCK =
  /_ts_decorate\(\[((?:(?!_ts_decorate\(\[)[\s\S])*?)\], [\w$]+(?:\.prototype)?, [^\n]*?, void 0\);/g;
const METADATA = '_ts_metadata("design:';
const CLASS_DESIGN_TYPE =
  /_ts_metadata\("design:type", Function\),\s*_ts_metadata\("design:paramtypes", \[[^\]]*\]\)\s*\], [\w$]+\);/;

/**
 * swc's `code` with its metadata in TypeScript's form, or undefined when some value could differ from
 * TypeScript's. `parse` gives the source's syntax tree, read only when the text cannot tell.
 */
export function metadataAgreesWithTypeScript(
  code: string,
  source: string,
  parse: () => Module,
): string | undefined {
  if (CLASS_DESIGN_TYPE.test(code)) return undefined;
  if (code.split('"design:').length !== code.split(METADATA).length) return undefined;
  for (const match of code.matchAll(PROPERTY_BLOCK)) {
    if (!match[1]!.includes(`${METADATA}type"`)) return undefined;
  }
  const facts = new FileFacts(code, source, parse);
  let out = "";
  let from = 0;
  for (let at = code.indexOf(METADATA); at !== -1; at = code.indexOf(METADATA, at + 1)) {
    const valueStart = code.indexOf('", ', at) + 3;
    const valueEnd = closingParenthesis(code, valueStart);
    if (valueEnd === undefined) return undefined;
    const kind = code.slice(at + METADATA.length, valueStart - 3);
    if (kind === "paramtypes" && source.includes("...")) return undefined;
    const value = code.slice(valueStart, valueEnd);
    const guarded: string[] = [];
    const rewritten = value.replace(SWC_GUARD, (_, name: string) => {
      guarded.push(name);
      return facts.isImportBinding(name.split(".")[0]!)
        ? `(() => { try { return typeof ${name} === "function" ? ${name} : Object; } catch { return Object; } })()`
        : `(typeof ${name} === "function" ? ${name} : Object)`;
    });
    const shape = value.replace(SWC_GUARD, "GUARDED");
    if (shape.replace(PLAIN, "").replace(/[\s,[\]]/g, "") !== "") return undefined;
    if (guarded.some((name) => facts.declares(name.split(".")[0]!))) return undefined;
    if (/\bObject\b/.test(shape)) {
      if (kind !== "type" || shape.trim() !== "Object") return undefined;
      PROPERTY_TARGET.lastIndex = valueEnd + 1;
      const target = PROPERTY_TARGET.exec(code);
      if (!target) return undefined;
      const member = JSON.parse(target[3]!) as string;
      const verdict = certainlyObjectByText(facts, member);
      if (verdict === false) return undefined;
      if (verdict === undefined) {
        const annotation = facts.annotation(target[1]!, !target[2], member);
        if (!annotation || !certainlyObject(annotation, facts)) return undefined;
      }
    }
    out += code.slice(from, valueStart) + rewritten;
    from = valueEnd;
  }
  return out + code.slice(from);
}

/** What the checks need to know about one file, each read at most once. */
class FileFacts {
  #importBindings: Set<string> | undefined;
  #declarations: Map<string, Set<string>> | undefined;
  #annotations: Annotations | undefined;

  constructor(
    readonly code: string,
    readonly source: string,
    readonly parse: () => Module,
  ) {}

  /**
   * swc exports a class through a getter (a live binding), so between two entity files that import
   * each other, reading the class before its module has run throws where TypeScript's `exports.X = X`
   * gave undefined, and TypeScript's metadata said Object: for an imported name, so does the guard.
   */
  isImportBinding(name: string): boolean {
    this.#importBindings ??= new Set(
      [...this.code.matchAll(/^const ([\w$]+) = .*\brequire\(/gm)].map((match) => match[1]!),
    );
    return this.#importBindings.has(name);
  }

  /**
   * Whether the file declares `name` as one of `kinds`: the declarations TypeScript looks through and
   * swc does not. A textual test (a word in a comment counts too), which can only send more to TypeScript.
   */
  declares(name: string, kinds: readonly string[] = ["type", "enum", "namespace", "module"]): boolean {
    if (!this.#declarations) {
      this.#declarations = new Map();
      for (const [, kind, declared] of this.source.matchAll(
        // Not a type-only import (`import { type X }`, `import type X from`): TypeScript cannot look
        // through those either.
        /\b(type|enum|namespace|module)\s+([A-Za-z_$][\w$]*)(?![\w$])(?!\s*(?:[,}]|from\b|as\b))/g,
      )) {
        const seen = this.#declarations.get(declared!) ?? new Set<string>();
        seen.add(kind!);
        this.#declarations.set(declared!, seen);
      }
    }
    const seen = this.#declarations.get(name);
    return seen !== undefined && kinds.some((kind) => seen.has(kind));
  }

  /** The annotation of a decorated property; null: it has none; undefined: not found for sure. */
  annotation(className: string, isStatic: boolean, name: string): TsType | null | undefined {
    this.#annotations ??= decoratedPropertyAnnotations(this.parse());
    return this.#annotations.get(memberKey(className, isStatic, name));
  }
}

/** The index of the `)` that closes the call whose arguments continue at `start`. */
function closingParenthesis(code: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      i = code.indexOf('"', i + 1);
      if (i === -1) return undefined;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return c === ")" ? i : undefined;
      depth--;
    }
  }
  return undefined;
}

const SIMPLE_PART = /^(?:[A-Za-z_$][\w$]*(?:\[\])?|"[^"\\]*"|'[^'\\]*'|-?\d+(?:\.\d+)?)$/;
const NEVER_NULLISH_KEYWORDS = ["string", "number", "boolean", "bigint", "symbol", "object"];
const NOT_A_VALUE = ["null", "undefined", "void", "never", "this"];

/**
 * The common annotations (`unknown`, `string | null`, `Date | undefined`) decided from the text, without
 * parsing the file: when the property's name is annotated exactly once in the file and the annotation
 * is a plain union of names and literals. Undefined: the syntax tree must tell.
 */
function certainlyObjectByText(facts: FileFacts, member: string): boolean | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(member)) return undefined;
  const annotatedHere = new RegExp(
    String.raw`(?<![\w$.])${member.replace(/\$/g, "\\$")}[!?]?\s*:([^;=\n]*)[;=\n]`,
    "g",
  );
  const annotations = [...facts.source.matchAll(annotatedHere)];
  if (annotations.length !== 1) return undefined;
  // Not when the one match could be another thing: a comment, or the name quoted somewhere (the
  // property itself may be declared as "name").
  const lineStart = facts.source.lastIndexOf("\n", annotations[0]!.index) + 1;
  const before = facts.source.slice(lineStart, annotations[0]!.index);
  if (/\/\/|\/\*|^\s*\*/.test(before)) return undefined;
  if (facts.source.includes(`"${member}"`) || facts.source.includes(`'${member}'`)) return undefined;
  const parts = annotations[0]![1]!.split("|").map((part) => part.trim());
  if (!parts.every((part) => SIMPLE_PART.test(part))) return undefined;
  if (parts.some((part) => part === "any" || part === "unknown")) return true;
  if (parts.length === 1) return parts[0] === "object" ? true : undefined;
  const nullish = (part: string) => part === "null" || part === "undefined";
  const neverNullish = (part: string) =>
    NEVER_NULLISH_KEYWORDS.includes(part) ||
    /^["'\d-]|\[\]$/.test(part) ||
    (!NOT_A_VALUE.includes(part) && !facts.declares(part, ["type"]));
  return parts.some(nullish) && parts.some(neverNullish) ? true : undefined;
}

const memberKey = (className: string, isStatic: boolean, name: string) =>
  `${className}\0${isStatic ? "static" : ""}\0${name}`;

/**
 * The annotation of every decorated property of every class declared at the top of the module
 * (exported or not). A class elsewhere is not looked for: its properties fall back to TypeScript.
 */
function decoratedPropertyAnnotations(module: Module): Annotations {
  const found: Annotations = new Map();
  const ambiguous = new Set<string>();
  for (const item of module.body) {
    const declaration =
      item.type === "ExportDeclaration"
        ? item.declaration
        : item.type === "ExportDefaultDeclaration"
          ? item.decl
          : item;
    if (declaration.type !== "ClassDeclaration" && declaration.type !== "ClassExpression") continue;
    if (!declaration.identifier) continue;
    for (const member of declaration.body) {
      if (member.type !== "ClassProperty" || !member.decorators?.length) continue;
      if (member.key.type !== "Identifier" && member.key.type !== "StringLiteral") continue;
      const id = memberKey(declaration.identifier.value, member.isStatic, member.key.value);
      if (found.has(id)) ambiguous.add(id);
      found.set(id, member.typeAnnotation?.typeAnnotation ?? null);
    }
  }
  for (const id of ambiguous) found.delete(id);
  return found;
}

const unparenthesised = (type: TsType): TsType =>
  type.type === "TsParenthesizedType" ? unparenthesised(type.typeAnnotation) : type;

/** Types TypeScript's serializer turns into `Object` whatever they refer to. */
function certainlyObject(annotation: TsType, facts: FileFacts): boolean {
  const type = unparenthesised(annotation);
  switch (type.type) {
    case "TsKeywordType":
      return type.kind === "any" || type.kind === "unknown" || type.kind === "object";
    case "TsTypeLiteral":
    case "TsMappedType":
    case "TsIndexedAccessType":
    case "TsThisType":
    case "TsImportType":
    case "TsTypeQuery":
      return true;
    case "TsTypeOperator":
      return type.op === "keyof";
    case "TsIntersectionType":
    case "TsUnionType": {
      // One constituent that is Object makes the whole Object (`unknown` is dropped from intersections).
      const dropped = (member: TsType) =>
        type.type === "TsIntersectionType" && member.type === "TsKeywordType" && member.kind === "unknown";
      if (type.types.some((member) => !dropped(member) && certainlyObject(member, facts))) return true;
      // Otherwise a union is Object when its constituents serialize differently: `null` or `undefined`
      // (void 0) next to a constituent that is surely something else.
      if (type.type === "TsIntersectionType") return false;
      const members = type.types.map(unparenthesised);
      return members.some(isNullish) && members.some((member) => neverNullish(member, facts));
    }
    default:
      return false;
  }
}

const isNullish = (type: TsType) =>
  type.type === "TsKeywordType" && (type.kind === "null" || type.kind === "undefined");

function neverNullish(type: TsType, facts: FileFacts): boolean {
  switch (type.type) {
    case "TsKeywordType":
      return NEVER_NULLISH_KEYWORDS.includes(type.kind);
    case "TsLiteralType":
    case "TsArrayType":
    case "TsTupleType":
    case "TsTypeLiteral":
    case "TsFunctionType":
    case "TsConstructorType":
      return true;
    case "TsTypeReference":
      // An alias in this file could stand for `null`; anything else serializes to a class or Object.
      return !(type.typeName.type === "Identifier" && facts.declares(type.typeName.value, ["type"]));
    default:
      return false;
  }
}
