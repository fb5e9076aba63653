import {
  CommentTag,
  Drop,
  ForTag,
  IfTag,
  InlineCommentTag,
  Output,
  TokenKind,
  UnlessTag,
  defaultOperators,
  isTruthy,
  toValue,
  toValueSync,
} from "liquidjs"
import type { Context, Template, Token } from "liquidjs"
import { TemplateLimitError } from "./limits"

/**
 * A closure compiler for the common subset of Liquid used in shop messages.
 *
 * LiquidJS interprets its syntax tree with generators and allocates a context
 * per render, which caps it at a few thousand renders per second for an order
 * SMS with an item loop. This module turns the tree LiquidJS already parsed
 * into plain closures — no `eval`, no `new Function`, so the sandbox stays the
 * same — for templates made only of:
 *
 *   text · `{{ path }}` / `{{ literal }}` without filters ·
 *   `{% for x in path %}…{% else %}…{% endfor %}` without limit/offset/reversed ·
 *   `{% if %}` / `{% elsif %}` / `{% else %}` / `{% unless %}` with filter-less
 *   conditions and the standard operators · comments.
 *
 * Anything else makes {@link compileFastTemplate} return `null` and the caller
 * uses LiquidJS. At render time, data the subset does not model the way
 * LiquidJS does (Drops, functions, `toLiquid`, objects printed as text,
 * iterables other than arrays) throws {@link FAST_PATH_BAILOUT}; rendering has
 * no side effects, so the caller simply renders again with LiquidJS.
 *
 * Property reads follow LiquidJS with `ownPropertyOnly: true` exactly
 * (`size`, `first`, `last`, negative indexes, inherited members read as nil);
 * a property-based test compares both engines on random templates and data.
 */

/** Thrown when the data needs LiquidJS itself; render again with LiquidJS. */
export const FAST_PATH_BAILOUT: unique symbol = Symbol("fast-path-bailout")

/** Limits enforced while a compiled template runs. */
export interface FastRenderLimits {
  maxOutputLength: number
  maxLoopIterations: number
  /** Clock (milliseconds) read every {@link TIME_CHECK_INTERVAL} loop iterations, against `deadline`. */
  now?: () => number
  /** When the render must stop, on the `now` clock. */
  deadline?: number
  /** The render's time budget, for the error message. */
  renderTimeMs?: number
}

/** Loop iterations between two deadline checks (a power of two). */
export const TIME_CHECK_INTERVAL = 64

/** Raised by compiled templates when a limit is hit; `tokenBegin` is the offending tag's offset. */
export class FastRenderLimitError extends Error {
  constructor(
    message: string,
    readonly tokenBegin: number,
    readonly limit: "output" | "iterations" | "time"
  ) {
    super(message)
    this.name = "FastRenderLimitError"
  }
}

/** A compiled template. */
export type FastTemplate = (variables: object, limits: FastRenderLimits) => string

interface LoopState {
  i: number
  length: number
  name: string
}

interface Frame {
  env: object
  items: unknown[]
  loops: LoopState[]
  iterations: number
  limits: FastRenderLimits
}

type Node = (frame: Frame) => string
type Getter = (frame: Frame) => unknown

/** Lexical scope while compiling: the loop variables of the enclosing `for` tags. */
type Scopes = readonly string[]

class Unsupported extends Error {}

const hasOwn = Object.prototype.hasOwnProperty
const GLOBALS: object = Object.freeze({})
const UNARY_OPERATORS = new Set(["not"])
const BINARY_OPERATORS = new Set(["==", "!=", ">", "<", ">=", "<=", "contains", "and", "or"])
const LOOP_KEYS = new Set(["i", "index", "index0", "first", "last", "rindex", "rindex0", "length", "name"])

/**
 * Compiles parsed LiquidJS templates to closures, or returns `null` when the
 * template uses something outside the supported subset.
 */
export function compileFastTemplate(templates: Template[], options: { jsTruthy: boolean }): FastTemplate | null {
  const shim = { opts: { jsTruthy: options.jsTruthy } } as unknown as Context
  let root: Node
  try {
    root = compileSequence(templates, [], shim)
  } catch (error) {
    if (error instanceof Unsupported || error === FAST_PATH_BAILOUT) return null
    throw error
  }
  return (variables, limits) => {
    const env = variables ?? {}
    if (env instanceof Drop || typeof (env as { toLiquid?: unknown }).toLiquid === "function") throw FAST_PATH_BAILOUT
    const frame: Frame = { env, items: [], loops: [], iterations: 0, limits }
    return root(frame)
  }
}

function compileSequence(templates: Template[], scopes: Scopes, shim: Context): Node {
  const nodes: Node[] = []
  let text = ""
  for (const template of templates) {
    const constant = constantText(template)
    if (constant !== null) {
      text += constant
      continue
    }
    if (text) nodes.push(constantNode(text))
    text = ""
    nodes.push(compileTemplate(template, scopes, shim))
  }
  if (text) nodes.push(constantNode(text))
  return joinNodes(nodes)
}

function constantNode(text: string): Node {
  return () => text
}

function joinNodes(nodes: Node[]): Node {
  if (nodes.length === 0) return () => ""
  if (nodes.length === 1) return nodes[0]
  if (nodes.length === 2) {
    const [a, b] = nodes
    return (frame) => a(frame) + b(frame)
  }
  return (frame) => {
    let out = ""
    for (let i = 0; i < nodes.length; i++) out += nodes[i](frame)
    return out
  }
}

/** Text that does not depend on data: HTML, comments, literal outputs. `null` otherwise. */
function constantText(template: Template): string | null {
  if (template.token.kind === TokenKind.HTML) {
    const str = (template as unknown as { str?: unknown }).str
    if (typeof str !== "string") throw new Unsupported()
    return str
  }
  if (template instanceof CommentTag || template instanceof InlineCommentTag) return ""
  if (template instanceof Output && template.value.filters.length === 0) {
    const postfix = template.value.initial.postfix
    if (postfix.length === 1 && isLiteral(postfix[0])) {
      return stringifyOutput(toValue((postfix[0] as unknown as { content: unknown }).content))
    }
  }
  return null
}

function compileTemplate(template: Template, scopes: Scopes, shim: Context): Node {
  if (template instanceof Output) return compileOutput(template, scopes)
  if (template instanceof ForTag) return compileFor(template, scopes, shim)
  if (template instanceof IfTag) return compileIf(template, scopes, shim)
  if (template instanceof UnlessTag) return compileUnless(template, scopes, shim)
  throw new Unsupported()
}

function compileOutput(template: Output, scopes: Scopes): Node {
  if (template.value.filters.length > 0) throw new Unsupported()
  const postfix = template.value.initial.postfix
  if (postfix.length !== 1) throw new Unsupported()
  const get = compileOperand(postfix[0], scopes)
  return (frame) => stringifyOutput(get(frame))
}

function compileFor(tag: ForTag, scopes: Scopes, shim: Context): Node {
  if (tag.variable === "forloop" || Object.keys(tag.hash.hash).length > 0) throw new Unsupported()
  const collection = tag.collection as Token
  if (collection.kind !== TokenKind.PropertyAccess) throw new Unsupported()
  const getCollection = compilePath(collection, scopes)
  const depth = scopes.length
  const body = compileSequence(tag.templates, [...scopes, tag.variable], shim)
  const otherwise = compileSequence(tag.elseTemplates, scopes, shim)
  const name = `${tag.variable}-${collection.getText()}`
  const begin = tag.token.begin
  return (frame) => {
    const items = toEnumerable(getCollection(frame))
    if (items.length === 0) return otherwise(frame)
    const loop: LoopState = { i: 0, length: items.length, name }
    const { limits } = frame
    frame.loops[depth] = loop
    let out = ""
    for (let i = 0; i < items.length; i++) {
      if (++frame.iterations > limits.maxLoopIterations) {
        throw new FastRenderLimitError(
          `loops ran more than ${limits.maxLoopIterations.toLocaleString("en-US")} times`,
          begin,
          "iterations"
        )
      }
      if (
        (frame.iterations & (TIME_CHECK_INTERVAL - 1)) === 0 &&
        limits.now &&
        limits.now() > (limits.deadline ?? Infinity)
      ) {
        throw new FastRenderLimitError(TemplateLimitError.time(limits.renderTimeMs ?? 0).message, begin, "time")
      }
      frame.items[depth] = items[i]
      out += body(frame)
      if (out.length > limits.maxOutputLength) {
        throw new FastRenderLimitError(TemplateLimitError.output(limits.maxOutputLength).message, begin, "output")
      }
      loop.i++
    }
    return out
  }
}

function compileIf(tag: IfTag, scopes: Scopes, shim: Context): Node {
  const branches = tag.branches.map((branch) => ({
    test: compileCondition(branch.value, scopes, shim),
    body: compileSequence(branch.templates, scopes, shim),
  }))
  const otherwise = compileSequence(tag.elseTemplates ?? [], scopes, shim)
  return (frame) => {
    for (const branch of branches) {
      if (isTruthy(toValue(branch.test(frame)), shim)) return branch.body(frame)
    }
    return otherwise(frame)
  }
}

function compileUnless(tag: UnlessTag, scopes: Scopes, shim: Context): Node {
  const branches = tag.branches.map((branch) => ({
    value: compileCondition(branch.value, scopes, shim),
    test: branch.test,
    body: compileSequence(branch.templates, scopes, shim),
  }))
  const otherwise = compileSequence(tag.elseTemplates, scopes, shim)
  return (frame) => {
    for (const branch of branches) {
      if (branch.test(toValue(branch.value(frame)), shim)) return branch.body(frame)
    }
    return otherwise(frame)
  }
}

/** A filter-less condition, evaluated with LiquidJS's own operator implementations. */
function compileCondition(value: IfTag["branches"][number]["value"], scopes: Scopes, shim: Context): Getter {
  if (value.filters.length > 0) throw new Unsupported()
  const postfix = value.initial.postfix
  if (postfix.length === 0) throw new Unsupported()
  if (postfix.length === 1) return compileOperand(postfix[0], scopes)
  const steps = postfix.map((token) => compileStep(token, scopes))
  return (frame) => {
    const stack: unknown[] = []
    for (const step of steps) {
      if (step.operand) {
        stack.push(step.operand(frame))
      } else if (step.unary) {
        stack.push(toValueSync(step.operator(stack.pop(), shim)))
      } else {
        const right = stack.pop()
        const left = stack.pop()
        stack.push(toValueSync(step.operator(left, right, shim)))
      }
    }
    return stack[0]
  }
}

type OperatorFn = (...args: unknown[]) => unknown
type Step =
  | { operand: Getter; operator?: undefined; unary?: undefined }
  | { operand?: undefined; operator: OperatorFn; unary: boolean }

function compileStep(token: Token, scopes: Scopes): Step {
  if (token.kind !== TokenKind.Operator) return { operand: compileOperand(token, scopes) }
  const name = (token as unknown as { operator: string }).operator
  const operator = (defaultOperators as unknown as Record<string, OperatorFn>)[name]
  if (!operator || !(UNARY_OPERATORS.has(name) || BINARY_OPERATORS.has(name))) throw new Unsupported()
  return { operator, unary: UNARY_OPERATORS.has(name) }
}

function isLiteral(token: Token): boolean {
  return (
    (token.kind === TokenKind.Literal || token.kind === TokenKind.Number || token.kind === TokenKind.Quoted) &&
    "content" in token
  )
}

/** A value in an output or a condition: a literal or a variable path. */
function compileOperand(token: Token, scopes: Scopes): Getter {
  if (isLiteral(token)) {
    const content = (token as unknown as { content: unknown }).content
    return () => content
  }
  if (token.kind === TokenKind.PropertyAccess) {
    const get = compilePath(token, scopes)
    return (frame) => {
      const value = get(frame)
      if (value instanceof Drop) throw FAST_PATH_BAILOUT
      return value
    }
  }
  throw new Unsupported()
}

/** `a.b["c"][0]` with constant keys, resolved against loop variables first, then the variables. */
function compilePath(token: Token, scopes: Scopes): Getter {
  const access = token as unknown as { variable?: unknown; props: Token[] }
  if (access.variable !== undefined || access.props.length === 0) throw new Unsupported()
  const keys = access.props.map(constantKey)
  const [first, ...rest] = keys
  if (typeof first !== "string") throw new Unsupported()
  const root = compileRoot(first, rest, scopes)
  const tail = root.consumed ? rest.slice(1) : rest
  return chainProperties(root.get, tail)
}

function constantKey(token: Token): string | number {
  if (!isLiteral(token) && token.kind !== TokenKind.Word) throw new Unsupported()
  const content = (token as unknown as { content: unknown }).content
  if (typeof content === "string" || typeof content === "number") return content
  throw new Unsupported()
}

/** Resolves the first path segment like LiquidJS's scope lookup. */
function compileRoot(name: string, rest: (string | number)[], scopes: Scopes): { get: Getter; consumed: boolean } {
  for (let depth = scopes.length - 1; depth >= 0; depth--) {
    if (scopes[depth] === name) return { get: (frame) => frame.items[depth], consumed: false }
    if (name === "forloop") {
      const key = rest[0]
      if (typeof key !== "string" || !LOOP_KEYS.has(key)) throw new Unsupported()
      return { get: (frame) => loopProperty(frame.loops[depth], key), consumed: true }
    }
  }
  return {
    get: (frame) => (name in frame.env ? readProperty(frame.env, name) : readProperty(GLOBALS, name)),
    consumed: false,
  }
}

function loopProperty(loop: LoopState, key: string): unknown {
  switch (key) {
    case "index0":
    case "i":
      return loop.i
    case "index":
      return loop.i + 1
    case "first":
      return loop.i === 0
    case "last":
      return loop.i === loop.length - 1
    case "rindex":
      return loop.length - loop.i
    case "rindex0":
      return loop.length - loop.i - 1
    case "length":
      return loop.length
    default:
      return loop.name
  }
}

function chainProperties(get: Getter, keys: (string | number)[]): Getter {
  if (keys.length === 0) return get
  if (keys.length === 1) {
    const [key] = keys
    return (frame) => readProperty(get(frame), key)
  }
  return (frame) => {
    let value = get(frame)
    for (let i = 0; i < keys.length; i++) value = readProperty(value, keys[i])
    return value
  }
}

/** LiquidJS `Context.readProperty` with `ownPropertyOnly: true`; bails out where it would run code. */
export function readProperty(target: unknown, key: string | number): unknown {
  if (target === null || target === undefined) return target
  const obj = target as Record<string | number, unknown>
  if (typeof target === "object" || typeof target === "function") {
    if (target instanceof Drop || typeof obj.toLiquid === "function") throw FAST_PATH_BAILOUT
  }
  if (Array.isArray(target) && typeof key === "number") return readArrayElement(target, key)
  const value = hasOwn.call(obj, key) ? obj[key] : undefined
  if (typeof value === "function") throw FAST_PATH_BAILOUT
  if (key === "size") return readSize(obj)
  if (key === "first") return Array.isArray(target) ? readArrayElement(target, 0) : value
  if (key === "last") return Array.isArray(target) ? readArrayElement(target, -1) : value
  return value
}

function readArrayElement(array: unknown[], index: number): unknown {
  const position = index < 0 ? array.length + index : index
  return hasOwn.call(array, position) ? array[position] : undefined
}

function readSize(obj: Record<string, unknown>): unknown {
  if (hasOwn.call(obj, "size") || obj["size"] !== undefined) return obj["size"]
  if (Array.isArray(obj) || typeof obj === "string") return (obj as unknown as { length: number }).length
  if (typeof obj === "object") return Object.keys(obj).length
  return undefined
}

/** LiquidJS `toEnumerable` for the values the fast path models. */
function toEnumerable(value: unknown): unknown[] {
  if (value instanceof Drop) throw FAST_PATH_BAILOUT
  if (Array.isArray(value)) return value
  if (typeof value === "string") return value.length > 0 ? [value] : []
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    if (Symbol.iterator in value) throw FAST_PATH_BAILOUT
    const obj = value as Record<string, unknown>
    return Object.keys(obj).map((key) => [key, obj[key]])
  }
  return []
}

/** LiquidJS output stringification for strings, numbers, booleans, nil and arrays of them. */
function stringifyOutput(value: unknown): string {
  if (typeof value === "string") return value
  if (value === null || value === undefined) return ""
  if (typeof value === "object") {
    if (!Array.isArray(value)) throw FAST_PATH_BAILOUT
    let out = ""
    for (const item of value) out += stringifyOutput(item instanceof Drop ? FAIL() : item)
    return out
  }
  if (typeof value === "function") throw FAST_PATH_BAILOUT
  return String(value)
}

function FAIL(): never {
  throw FAST_PATH_BAILOUT
}
