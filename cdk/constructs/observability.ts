/**
 * Alarms on what users and data owners would notice (API errors and latency, failing or throttled
 * functions, statistics falling behind the records, data parked in failure queues), an encrypted
 * SNS topic they notify, and one dashboard.
 */
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config.js';
import { METRICS_NAMESPACE } from './jamrep-function.js';

export interface ObservabilityProps {
  readonly config: EnvironmentConfig;
  readonly httpApi: apigw.IHttpApi;
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The function reading the records stream (its iterator age is the statistics' lag). */
  readonly streamConsumer: lambda.IFunction;
  readonly failureQueues: Readonly<Record<string, sqs.IQueue>>;
}

export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  private readonly config: EnvironmentConfig;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    const { alarms: thresholds } = config;
    const period = thresholds.period;

    // Its own key: CloudWatch must be allowed to use it, and that permission does not belong on
    // the key protecting personal data. (The AWS-managed SNS key cannot be used by CloudWatch.)
    const key = new kms.Key(this, 'TopicKey', {
      alias: `alias/${config.prefix}-alarms`,
      description: `jamrep ${config.name}: alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', {
      topicName: `${config.prefix}-alarms`,
      displayName: `jamrep ${config.name} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (thresholds.email) this.topic.addSubscription(new subscriptions.EmailSubscription(thresholds.email));
    this.action = new actions.SnsAction(this.topic);

    // API: 5xx share and p99 latency, over the whole API (one route).
    const requests = props.httpApi.metricCount({ period, statistic: 'Sum' });
    const serverErrors = props.httpApi.metricServerError({ period, statistic: 'Sum' });
    const errorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      period,
      label: 'API 5xx rate (%)',
    });
    const latencyP99 = props.httpApi.metricLatency({ period, statistic: 'p99' });
    this.alarm('Api5xxRate', errorRate, thresholds.api5xxRatePercent, 'Share of API requests answered with a 5xx (%)');
    this.alarm('ApiLatencyP99', latencyP99, thresholds.apiP99LatencyMs, 'API p99 latency (ms)');

    const functionWidgets: cloudwatch.IWidget[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period, statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period, statistic: 'Sum' });
      this.alarm(`${name}Errors`, errors, thresholds.lambdaErrors, `${name}: invocation errors per period`, true);
      this.alarm(`${name}Throttles`, throttles, thresholds.lambdaThrottles, `${name}: throttled invocations per period`, true);
      functionWidgets.push(
        new cloudwatch.GraphWidget({
          title: `${name}: invocations, errors, throttles`,
          left: [fn.metricInvocations({ period, statistic: 'Sum' }), errors, throttles],
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: `${name}: duration`,
          left: [fn.metricDuration({ period, statistic: 'p50' }), fn.metricDuration({ period, statistic: 'p99' })],
          width: 8,
        }),
      );
    }

    // How far the statistics lag behind the records.
    const iteratorAge = props.streamConsumer.metric('IteratorAge', { period, statistic: 'Maximum' });
    this.alarm(
      'StreamIteratorAge',
      iteratorAge,
      Duration.seconds(thresholds.streamIteratorAgeSeconds).toMilliseconds(),
      'Age of the oldest unprocessed records-stream record (ms)',
    );

    // A rollup item that the layout did not keep small enough: the aggregator refuses the batch, naming the
    // item (lambda/store/rollup-item-size.ts). One is already an operator's problem.
    const tooLarge = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'RollupItemTooLarge',
      dimensionsMap: { service: 'jamrep-aggregator' },
      period,
      statistic: 'Sum',
    });
    this.alarm('RollupItemTooLarge', tooLarge, 1, 'Aggregator batches refused because a rollup item would outgrow its size budget', true);

    const queueMetrics: cloudwatch.IMetric[] = [];
    for (const [name, queue] of Object.entries(props.failureQueues)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' });
      queueMetrics.push(depth);
      this.alarm(`${name}Depth`, depth, thresholds.dlqDepth, `${name}: messages waiting for an operator`, true);
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${config.prefix}`,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'API requests and 5xx', left: [requests, serverErrors], right: [errorRate], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'API latency',
        left: [props.httpApi.metricLatency({ period, statistic: 'p50' }), latencyP99],
        width: 8,
      }),
      new cloudwatch.GraphWidget({ title: 'Statistics lag (stream iterator age)', left: [iteratorAge], width: 8 }),
    );
    this.dashboard.addWidgets(...functionWidgets);
    this.dashboard.addWidgets(new cloudwatch.GraphWidget({ title: 'Failure queues', left: queueMetrics, width: 24 }));
  }

  /** An alarm on `metric >= threshold` (or `>` when `inclusive` is false), notifying the topic. */
  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string, inclusive = false): void {
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      alarmName: `${this.config.prefix}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: this.config.alarms.evaluationPeriods,
      comparisonOperator: inclusive
        ? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
        : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No traffic is not an outage of anything measured here.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}
