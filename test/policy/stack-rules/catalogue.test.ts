import { checkStack, STACK_RULES } from '../../../policy/stack-rules';
import { examples, exampleStack } from './stack-fixtures';

describe('stack rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example but its local state', (tenant) => {
    const { context } = exampleStack(tenant);
    // The examples keep a local backend so they synthesize on a fresh machine; STA-01 says so, as a warning.
    expect(checkStack(context(), STACK_RULES).findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['STA-01 warning']);
  });
});

describe('coverage', () => {
  it('names the resource types no rule examined', () => {
    const { json, context } = exampleStack();
    json.resource.vault_generic_endpoint = { x: { path: 'sys/foo', data_json: '{}' } };
    expect(checkStack(context(json), STACK_RULES).unexamined).toContain('vault_generic_endpoint');
  });
});
