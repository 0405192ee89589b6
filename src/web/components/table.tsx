import type { Child } from 'hono/jsx';

export interface TableProps {
  /** Used for the caption's id, which labels the scrollable region around the table. */
  id: string;
  caption: string;
  head: readonly string[];
  /** Each row's cells; the first is the row header. */
  rows: readonly (readonly Child[])[];
}

/**
 * An accessible data table: a caption, column headers, the first cell of each row as its row header.
 * Wrapped in a focusable region so that a wide table can scroll by keyboard without widening the page.
 */
export function Table({ id, caption, head, rows }: TableProps) {
  const captionId = `${id}-caption`;
  return (
    <div class="thorbecke-table-scroll" role="region" aria-labelledby={captionId} tabindex={0}>
      <table class="utrecht-table utrecht-table--html-table" id={id}>
        <caption class="utrecht-table__caption" id={captionId}>
          {caption}
        </caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {head.map((h) => (
              <th class="utrecht-table__header-cell" scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {rows.map(([first, ...rest]) => (
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="row">
                {first}
              </th>
              {rest.map((cell) => (
                <td class="utrecht-table__cell">{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
