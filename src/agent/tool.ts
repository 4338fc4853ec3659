// The one shape every agent tool has, built-in or adopted from vscode.lm.tools, so the loop can
// list, validate, approve and run them the same way. No vscode import: the loop and its unit tests
// use it without an editor.
import { z } from 'zod';

export type ToolKind = 'read' | 'edit' | 'command' | 'other';

export interface ToolContext {
  /** Aborted when the user stops the task: tools end their work (and kill processes) on it. */
  readonly signal: AbortSignal;
}

export interface AgentTool<Ctx extends ToolContext = ToolContext> {
  readonly name: string;
  readonly description: string;
  /** JSON schema sent to the model as the tool's parameters. */
  readonly inputSchema: Record<string, unknown>;
  readonly kind: ToolKind;
  run(input: unknown, ctx: Ctx): Promise<string>;
}

/** A failure the model should read as the tool's result (bad input, refused path, no match). */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/** A tool whose input is checked by a zod schema; the JSON schema for the model comes from it. */
export function defineTool<S extends z.ZodType, Ctx extends ToolContext = ToolContext>(spec: {
  name: string;
  description: string;
  kind: ToolKind;
  input: S;
  run(input: z.infer<S>, ctx: Ctx): Promise<string>;
}): AgentTool<Ctx> {
  const jsonSchema = z.toJSONSchema(spec.input) as Record<string, unknown>;
  delete jsonSchema.$schema;
  return {
    name: spec.name,
    description: spec.description,
    inputSchema: jsonSchema,
    kind: spec.kind,
    run: async (input, ctx) => {
      if (ctx.signal.aborted) throw new ToolError(`${spec.name} was stopped.`);
      return spec.run(parseInput(spec.name, spec.input, input), ctx);
    },
  };
}

export function parseInput<S extends z.ZodType>(tool: string, schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  throw new ToolError(`Invalid input for ${tool}: ${problems.join('; ')}.`);
}
