import { CfnOutput, IAspect, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { addMutatingAspect } from '../core/cdk-compat';
import { stackConnectionsListUrl } from '../core/stack-links';

/** CloudFormation's limit of outputs per template. */
export const MAX_OUTPUTS = 200;

/**
 * Keeps a stack within CloudFormation's 200 outputs.
 *
 * Each status resource adds a `NextStep` output. When, at synth time, the
 * stack's outputs (the user's and ours) would exceed the limit, the
 * library's own outputs beyond what fits are removed, in construct-path
 * order, and replaced by one `CodeConnectionsMoreNextSteps` output that
 * points to the console; the user's outputs are never touched. The removed
 * resources still have `nextStep` and `consoleUrl` attributes.
 */
export class OutputBudget extends Construct implements IAspect {
  /** The stack's budget: a child construct (no resources), found by id. */
  public static of(stack: Stack): OutputBudget {
    const existing = stack.node.tryFindChild(OUTPUT_BUDGET_ID);
    if (existing) {
      return existing as OutputBudget;
    }
    const budget = new OutputBudget(stack, OUTPUT_BUDGET_ID);
    addMutatingAspect(stack, budget);
    return budget;
  }

  private readonly outputs: CfnOutput[] = [];
  private readonly stack: Stack;

  private constructor(stack: Stack, id: string) {
    super(stack, id);
    this.stack = stack;
  }

  public register(output: CfnOutput): void {
    this.outputs.push(output);
  }

  public visit(node: IConstruct): void {
    if (node !== this.stack) {
      return;
    }
    const all = this.stack.node.findAll().filter(c => c instanceof CfnOutput && Stack.of(c) === this.stack);
    if (all.length <= MAX_OUTPUTS) {
      return;
    }
    // Plain code-unit order: localeCompare would depend on the machine's locale.
    const ours = [...this.outputs].sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
    const room = MAX_OUTPUTS - (all.length - ours.length);
    // One place goes to the summary, when there is room for it at all.
    const keep = Math.max(room - 1, 0);
    const dropped = ours.slice(keep);
    for (const output of dropped) {
      output.node.scope?.node.tryRemoveChild(output.node.id);
    }
    if (room <= 0) {
      return; // the stack's own outputs fill the limit: nothing of ours fits
    }
    const where = stackConnectionsListUrl(this.stack);
    new CfnOutput(this.stack, 'CodeConnectionsMoreNextSteps', {
      description: `cdk-codeconnections: next steps that did not fit in ${MAX_OUTPUTS} outputs`,
      value: `${dropped.length} more connections or hosts may need a person: open ${where || 'the CodeConnections console (Developer Tools > Settings)'} and finish every PENDING one (hosts: the Hosts tab; their nextStep and consoleUrl attributes hold the exact links)`,
    });
  }
}

const OUTPUT_BUDGET_ID = 'CodeConnectionsOutputBudget';

