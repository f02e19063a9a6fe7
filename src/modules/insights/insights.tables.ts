/**
 * The insights module's tables: survey answers (one row per order and survey) and each order's
 * attribution (its first and last touch, and the journey credited with it).
 */
export interface SurveyAnswerTable {
  id: string;
  /** Which survey: `post_purchase` for now. One answer per (survey, order); the latest wins. */
  survey: string;
  order_id: string;
  profile_id: string | null;
  /** The order's store (pickup, ship-to-store, reserve & try, till), else the store the answer named. */
  store_id: string | null;
  /** The channel the order was placed on. */
  order_channel: string;
  /** The channel the answer came from (`web` for Passerelle's survey page and API, else the event's source). */
  answer_channel: string;
  score: number;
  comment: string | null;
  answered_at: string;
  /** The tracked event that carried it, when one did (replays are recognised by it). */
  event_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderAttributionTable {
  order_id: string;
  /** Null once the person is erased: the order's figures stay, without identity. */
  profile_id: string | null;
  order_channel: string;
  placed_at: string;
  total_amount: number;
  currency: string;
  /** JSON Touch or null: the earliest touch in the lookback window. */
  first_touch: string | null;
  /** JSON Touch or null: the latest touch before the order. */
  last_touch: string | null;
  touches: number;
  credited_journey_id: string | null;
  credited_run_id: string | null;
  computed_at: string;
}

export interface InsightsTables {
  survey_answers: SurveyAnswerTable;
  order_attributions: OrderAttributionTable;
}
