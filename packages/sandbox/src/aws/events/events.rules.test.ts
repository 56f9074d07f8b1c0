import {
  InvalidEventPatternException,
  PutRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { eventsClient } from '../../__testUtils__/clients';
import { checkEventPattern } from './pattern';
import { useSandbox } from '../../__testUtils__/useSandbox';

/** EventBridge's event pattern rules of packages/sandbox/RULES.md, with its parser's positions. */

describe('EventBridge event patterns', () => {
  it('refuses field values that are not objects or arrays, where the parser stops', () => {
    expect(() => checkEventPattern('{"source":"aws.ec2"}')).toThrow(
      'Event pattern is not valid. Reason: "source" must be an object or an array at [Source: (String)"{"source":"aws.ec2"}"; line: 1, column: 12]',
    );
    // the position EventBridge reported for this pattern (a string value)
    expect(() =>
      checkEventPattern(
        '{"detail-type":["Object Created"],"source":"aws.s3","detail":{"bucket":{"name":["b"]}}}',
      ),
    ).toThrow(
      /"source" must be an object or an array at .*line: 1, column: 45\]$/,
    );
  });

  it('refuses empty arrays and empty objects', () => {
    expect(() =>
      checkEventPattern('{"detail-type":[],"source":["example.source"]}'),
    ).toThrow(
      /Reason: Empty arrays are not allowed at .*line: 1, column: 18\]$/,
    );
    expect(() =>
      checkEventPattern('{"source": ["aws.health"], "detail": {}}'),
    ).toThrow(
      /Reason: Empty objects are not allowed at .*line: 1, column: 40\]$/,
    );
  });

  it('knows the content filters, and counts lines', () => {
    expect(() => checkEventPattern('{"a":[{"foo":"x"}]}')).toThrow(
      /Reason: Unrecognized match type foo/,
    );
    expect(() => checkEventPattern('{\n  "source": "aws.ec2"\n}')).toThrow(
      /line: 2, column: 14\]$/,
    );
    expect(() => checkEventPattern('["aws.ec2"]')).toThrow(
      /Filter is not an object/,
    );
    expect(() =>
      checkEventPattern(
        '{"source":["aws.ec2"],"detail":{"state":[{"prefix":"run"},{"anything-but":["stopped"]},{"numeric":[">",0]},{"exists":true},"x",1,null,true]}}',
      ),
    ).not.toThrow();
  });

  describe('PutRule', () => {
    const sandbox = useSandbox({ latencyFactor: 0 });

    it('answers InvalidEventPatternException for a pattern whose values are not arrays', async () => {
      const events = eventsClient(sandbox);
      const refused = await events
        .send(
          new PutRuleCommand({
            Name: 'ec2',
            EventPattern: JSON.stringify({ source: 'aws.ec2' }),
          }),
        )
        .catch(e => e);
      expect(refused).toBeInstanceOf(InvalidEventPatternException);
      expect(refused.$metadata.httpStatusCode).toBe(400);
      const { RuleArn } = await events.send(
        new PutRuleCommand({
          Name: 'ec2',
          EventPattern: JSON.stringify({ source: ['aws.ec2'] }),
        }),
      );
      expect(RuleArn).toMatch(/:rule\/ec2$/);
    });
  });
});
