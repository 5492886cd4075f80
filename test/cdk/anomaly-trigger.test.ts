/**
 * Anomalies after every import (issue 15): the aggregator may start the anomaly function (one function,
 * Event invocations) and is told its name; the anomaly function may read and update only its debounce
 * item in the stats table; the schedule stays as a safety net.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functionLogicalId, getAtt, onlyResource, roleStatements, synthesized } from './support.js';

const dev = () => synthesized('dev');
const statsTable = () => getAtt(onlyResource(dev().template, 'AWS::DynamoDB::Table', { TableName: 'jamrep-dev-stats' })[0]);

describe('anomaly runs after imports', () => {
  it('tells the aggregator which function to start', () => {
    const anomalies = functionLogicalId(dev().template, 'jamrep-dev-anomalies');
    dev().template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'jamrep-dev-aggregator',
      Environment: { Variables: Match.objectLike({ ANOMALY_FUNCTION_NAME: { Ref: anomalies } }) },
    });
  });

  it('lets the aggregator invoke the anomaly function and no other function', () => {
    const anomalies = functionLogicalId(dev().template, 'jamrep-dev-anomalies');
    const invoke = roleStatements(dev().template, 'jamrep-dev-aggregator').filter((s) => s.Action.some((a) => a.startsWith('lambda:')));
    expect(invoke).toEqual([{ Effect: 'Allow', Sid: 'StartAnomalyRuns', Action: ['lambda:InvokeFunction'], Resource: [getAtt(anomalies)] }]);
    for (const name of ['jamrep-dev-api', 'jamrep-dev-importer', 'jamrep-dev-anomalies']) {
      expect(roleStatements(dev().template, name).filter((s) => s.Action.includes('lambda:InvokeFunction')), name).toEqual([]);
    }
  });

  it('lets the anomaly function read and update its debounce item only', () => {
    const debounce = roleStatements(dev().template, 'jamrep-dev-anomalies').filter((s) => s.Sid === 'DebounceAnomalyRuns');
    expect(debounce).toEqual([
      {
        Effect: 'Allow',
        Sid: 'DebounceAnomalyRuns',
        Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        Resource: [statsTable()],
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['AGG#v1#ANOMALY_RUN'] } },
      },
    ]);
    const updates = roleStatements(dev().template, 'jamrep-dev-anomalies').filter((s) => s.Action.includes('dynamodb:UpdateItem'));
    expect(updates.map((s) => s.Sid).sort()).toEqual(['DebounceAnomalyRuns', 'SweepMarkers']);
    expect(updates.find((s) => s.Sid === 'SweepMarkers')!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ROLLUP#*'] } });
  });

  it('lets the job read what it reads: the rollups\' asOf and the intent heads (BatchGetItem on the stats table)', () => {
    const reads = roleStatements(dev().template, 'jamrep-dev-anomalies').filter((s) => s.Action.includes('dynamodb:BatchGetItem'));
    expect(reads.map((s) => s.Resource)).toEqual([[statsTable()]]);
  });

  it('keeps the schedule as a safety net', () => {
    const anomalies = functionLogicalId(dev().template, 'jamrep-dev-anomalies');
    dev().template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(6 hours)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: getAtt(anomalies) })]),
    });
  });
});
