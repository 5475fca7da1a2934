/**
 * Charts of the monitor (recharts), drawn for people who would rather look than read. Each one is a figure
 * whose caption says what it shows in words; the numbers are in the table beside it. The drawing itself is
 * hidden from screen readers and takes no keyboard focus (the table is the accessible form of the same data).
 */
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';

const AXIS = { fontSize: 12, fill: 'currentColor' };
const COLOR = 'var(--bb-chart, #15607a)';

function ChartFigure({ caption, children, testId }: { caption: string; children: ReactNode; testId: string }) {
  return (
    <figure className="chart" data-testid={testId}>
      <div className="chart-drawing" aria-hidden="true">
        {children}
      </div>
      <figcaption className="utrecht-paragraph hint">{caption}</figcaption>
    </figure>
  );
}

/** Bars: one value per label (activation per district, in percent). */
export function BarFigure(props: {
  caption: string;
  testId: string;
  data: { label: string; value: number }[];
  unit: string;
  reference?: number;
}) {
  return (
    <ChartFigure caption={props.caption} testId={props.testId}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={props.data} margin={{ top: 8, right: 8, bottom: 48, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} interval={0} angle={-35} textAnchor="end" height={60} />
          <YAxis tick={AXIS} unit={props.unit} width={48} />
          {props.reference !== undefined ? <ReferenceLine y={props.reference} stroke="currentColor" strokeDasharray="4 4" /> : null}
          <Bar dataKey="value" fill={COLOR} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** A line: values over an ordered axis (activation per round, the activation curve of a round). */
export function LineFigure(props: {
  caption: string;
  testId: string;
  data: { label: string; value: number }[];
  unit: string;
  reference?: number;
}) {
  return (
    <ChartFigure caption={props.caption} testId={props.testId}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={props.data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} minTickGap={24} />
          <YAxis tick={AXIS} unit={props.unit} width={48} />
          {props.reference !== undefined ? <ReferenceLine y={props.reference} stroke="currentColor" strokeDasharray="4 4" /> : null}
          <Line dataKey="value" stroke={COLOR} strokeWidth={2} dot={props.data.length < 30} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export { ScrollBox } from '../../components/scroll-box';
