// Declarations for `wattlayer/widget.js`: importing it defines <wattlayer-estimate>.
import type { EstimateReport, WattLayerErrorCode } from './index.js';

/**
 * `<wattlayer-estimate src="model.onnx" hardware="h100" precision="fp16" batch="8" dims="sequence=128"
 * label="My model" theme="dark" loading="lazy">`: the model's energy estimate, computed in the
 * reader's browser (in a Web Worker). Events: `wattlayer-load` (detail: {report}) and
 * `wattlayer-error` (detail: {code, message}).
 */
export declare class WattLayerEstimate extends HTMLElement {
  static observedAttributes: string[];
  /** The last estimate shown, or null (before it loads, or after an error). */
  report: EstimateReport | null;
}

export interface WattLayerLoadEventDetail {
  report: EstimateReport;
}

export interface WattLayerErrorEventDetail {
  code: WattLayerErrorCode;
  message: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'wattlayer-estimate': WattLayerEstimate;
  }
  interface HTMLElementEventMap {
    'wattlayer-load': CustomEvent<WattLayerLoadEventDetail>;
    'wattlayer-error': CustomEvent<WattLayerErrorEventDetail>;
  }
}
