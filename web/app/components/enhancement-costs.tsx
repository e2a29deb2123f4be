/** The enhancement price list as a table, from the shared tier table the charges use. */
import { enhancementPriceList } from "@spike-land/shared/tokens/tiers";
import { TableHead } from "./ui.tsx";

type Row = ReturnType<typeof enhancementPriceList>[number];

export function EnhancementCostTable({ rows = enhancementPriceList(), className = "" }: { rows?: Row[]; className?: string }) {
  return (
    <table className={`w-full text-left text-sm ${className}`}>
      <caption className="sr-only">Tokens per enhancement by output size</caption>
      <TableHead columns={["Quality", "Longest edge", "Tokens"]} />
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.tier} data-testid={`cost-${row.tier}`}>
            <td className="py-2 pr-4 font-medium">{row.label}</td>
            <td className="py-2 pr-4">{row.longestEdge} px</td>
            <td className="py-2">{row.cost === 0 ? "Free" : row.cost}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
