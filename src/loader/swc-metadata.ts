/**
 * Whether swc's decorator metadata is, value by value, what TypeScript's `transpileModule` emits for the
 * same file at run time, and swc's output made to match where they differ only in form.
 *
 * The rules come from TypeScript's metadata serializer and are pinned by test/loader/swc-metadata.test.ts,
 * which compiles a corpus of annotations with both compilers and compares what Reflect returns:
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
const PROPERTY_TARGET = /^\s*\], ([\w$]+)(\.prototype)?, ("(?:[^"\\\n]|\\.)*"), void 0\);/;
const PROPERTY_BLOCK =
  /_ts_decorate\(\[((?:(?!_ts_decorate\(\[)[\s\S])*?)\], [\w$]+(?:\.prototype)?, [^\n]*?, void 0\);/g;
const METADATA = '_ts_metadata("design:';
const CLASS_DESIGN_TYPE =
  /_ts_metadata\("design:type", Function\),\s*_ts_metadata\("design:paramtypes", \[[^\]]*\]\)\s*\], [\w$]+\);/;

/**
 * swc's `code` with its metadata in TypeScript's form, or undefined when some value could differ from
 * TypeScript's. `parse` gives the source's syntax tree, read only when a plain `Object` needs checking.
 */
export function metadataAgreesWithTypeScript(
  code: string,
  source: string,
  parse: () => Module,
): string | undefined {
  if (CLASS_DESIGN_TYPE.test(code)) return undefined;
  for (const match of code.matchAll(PROPERTY_BLOCK)) {
    if (!match[1]!.includes(`${METADATA}type"`)) return undefined;
  }
  let annotations: Annotations | undefined;
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
      return isImportBinding(code, name.split(".")[0]!)
        ? `(() => { try { return typeof ${name} === "function" ? ${name} : Object; } catch { return Object; } })()`
        : `(typeof ${name} === "function" ? ${name} : Object)`;
    });
    const shape = value.replace(SWC_GUARD, "GUARDED");
    if (shape.replace(PLAIN, "").replace(/[\s,[\]]/g, "") !== "") return undefined;
    if (guarded.some((name) => declaredAsTypeInFile(source, name.split(".")[0]!))) return undefined;
    if (/\bObject\b/.test(shape)) {
      if (kind !== "type" || shape.trim() !== "Object") return undefined;
      const target = PROPERTY_TARGET.exec(code.slice(valueEnd + 1));
      if (!target) return undefined;
      annotations ??= decoratedPropertyAnnotations(parse());
      const annotation = annotations.get(memberKey(target[1]!, !target[2], JSON.parse(target[3]!) as string));
      if (!annotation || !certainlyObject(annotation, source)) return undefined;
    }
    out += code.slice(from, valueStart) + rewritten;
    from = valueEnd;
  }
  return out + code.slice(from);
}

/**
 * swc exports a class through a getter (a live binding), so between two entity files that import each
 * other, reading the class before its module has run throws where TypeScript's `exports.X = X` gave
 * undefined, and TypeScript's metadata said Object: for an imported name, so does the rewritten guard.
 */
function isImportBinding(code: string, root: string): boolean {
  return new RegExp(String.raw`^const ${root.replace(/\$/g, "\\$")} = .*\brequire\(`, "m").test(code);
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

/** A same-file declaration TypeScript looks through and swc does not. */
function declaredAsTypeInFile(source: string, name: string, kinds = "type|enum|namespace|module"): boolean {
  const escaped = name.replace(/\$/g, "\\$");
  return new RegExp(String.raw`\b(?:${kinds})\s+${escaped}(?![\w$])`).test(source);
}

const memberKey = (className: string, isStatic: boolean, name: string) =>
  `${className}\0${isStatic ? "static" : ""}\0${name}`;

/** The annotation of every decorated property of every named class, null where there is none. */
function decoratedPropertyAnnotations(module: Module): Annotations {
  const found: Annotations = new Map();
  const ambiguous = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if ((record.type === "ClassDeclaration" || record.type === "ClassExpression") && record.identifier) {
      const className = (record.identifier as { value: string }).value;
      for (const member of record.body as Array<Record<string, unknown>>) {
        if (member.type !== "ClassProperty" || !(member.decorators as unknown[] | undefined)?.length)
          continue;
        const key = member.key as { type: string; value?: unknown };
        if (key.type !== "Identifier" && key.type !== "StringLiteral") continue;
        const id = memberKey(className, member.isStatic === true, String(key.value));
        if (found.has(id)) ambiguous.add(id);
        const annotation = member.typeAnnotation as { typeAnnotation: TsType } | null | undefined;
        found.set(id, annotation?.typeAnnotation ?? null);
      }
    }
    for (const [field, child] of Object.entries(record)) if (field !== "span") visit(child);
  };
  visit(module.body);
  for (const id of ambiguous) found.delete(id);
  return found;
}

const unparenthesised = (type: TsType): TsType =>
  type.type === "TsParenthesizedType" ? unparenthesised(type.typeAnnotation) : type;

/** Types TypeScript's serializer turns into `Object` whatever they refer to. */
function certainlyObject(annotation: TsType, source: string): boolean {
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
      if (type.types.some((member) => !dropped(member) && certainlyObject(member, source))) return true;
      // Otherwise a union is Object when its constituents serialize differently: `null` or `undefined`
      // (void 0) next to a constituent that is surely something else.
      if (type.type === "TsIntersectionType") return false;
      const members = type.types.map(unparenthesised);
      return members.some(isNullish) && members.some((member) => neverNullish(member, source));
    }
    default:
      return false;
  }
}

const isNullish = (type: TsType) =>
  type.type === "TsKeywordType" && (type.kind === "null" || type.kind === "undefined");

function neverNullish(type: TsType, source: string): boolean {
  switch (type.type) {
    case "TsKeywordType":
      return ["string", "number", "boolean", "bigint", "symbol", "object"].includes(type.kind);
    case "TsLiteralType":
    case "TsArrayType":
    case "TsTupleType":
    case "TsTypeLiteral":
    case "TsFunctionType":
    case "TsConstructorType":
      return true;
    case "TsTypeReference":
      // An alias in this file could stand for `null`; anything else serializes to a class or Object.
      return !(
        type.typeName.type === "Identifier" && declaredAsTypeInFile(source, type.typeName.value, "type")
      );
    default:
      return false;
  }
}
