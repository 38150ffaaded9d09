/** Why a request is refused: the documented code to answer, and a note for people reading logs. */
export interface Rejection {
  readonly code: number;
  readonly detail: string;
}
