import { jsonSyntaxError } from '../../../policy/terraform/json-syntax-error';

const errorOf = (text: string) => {
  try {
    JSON.parse(text);
  } catch (e) {
    return e;
  }
  throw new Error('parsed');
};

describe('jsonSyntaxError', () => {
  it('says what is wrong without the text around it, which may be part of a secret', () => {
    const message = jsonSyntaxError(errorOf('{"db":{"value":hunter2-secret-value}}'));
    expect(message).not.toContain('hunter2');
    expect(message).toMatch(/^Unexpected token 'h' \(the text around it is not shown\)$/);
  });

  it('cuts the quoted text out even when it spans lines', () => {
    expect(jsonSyntaxError(errorOf('z\n  "password": "hunter2"'))).toBe("Unexpected token 'z' (the text around it is not shown)");
  });

  it('keeps a message that quotes nothing, with its position', () => {
    expect(jsonSyntaxError(errorOf('{"a":1 x'))).toMatch(/in JSON at position 7/);
    expect(jsonSyntaxError(errorOf('{"a":'))).toBe('Unexpected end of JSON input');
  });
});
