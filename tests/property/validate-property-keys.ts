// Cell-key groups used by the validator's property tests, all derived from src/domain/format.ts.
export { CELL_BY_KEY, FEE_CELL, T3_LEAF_ROWS, TYPED_CELL_KEYS, isCellKey, type CellKey } from '../../src/domain/format.ts';

/** 表二 cells that take part in no arithmetic rule within one year. */
export const RULES_FREE_TYPED_T2 = ['t2.license.decisions', 't2.penalty.decisions', 't2.coercion.decisions', 't2.fees.amountWanYuan'] as const;
