// TypeScript declarations for the `wattlayer` package (index.js). The report types follow
// core/docs/features.md, "Report JSON contract": keys listed there are here, with the same names.

// ------------------------------------------------------------------------------------------------
// Inputs

/**
 * A model: its bytes, a Blob or File, a URL (a URL object, or a string with a scheme: http(s),
 * blob:, data:; in browsers also a URL relative to the page), or under Node.js a file path or a
 * file: URL. ONNX files are streamed: only the graph's bytes are read (by HTTP Range requests for
 * a URL whose server answers them).
 */
export type ModelSource = Uint8Array | ArrayBuffer | ArrayBufferView | Blob | URL | string;

/** A GPU profile id of `hardware()`: "h100", "h200", "a100_sxm", "l4-fp16", ... */
export type HardwareId = string;

export type ComputePrecision = 'fp32' | 'fp16' | 'bf16';

/** What a file computes in. */
export type FilePrecision = ComputePrecision | 'int8' | 'mixed';

export interface InspectOptions {
  /** The file's name: breaks a tie in format detection and names an unnamed model. Default: the path's, URL's or File's name. */
  file_name?: string;
  /** The batch size; default: as exported (a symbolic batch is set to 1). */
  batch?: number;
  /** Sizes of symbolic input dimensions, e.g. {sequence: 128}. */
  dims?: Record<string, number>;
  /** Data-dependent output sizes, by layer name or operator, e.g. {NonZero: 1000}. */
  sizes?: Record<string, number>;
  /** Keep unbound symbols in shapes instead of assuming sizes. */
  keep_symbols?: boolean;
  /** Extra fetch() settings for a URL source (headers, credentials, signal); ignored otherwise. */
  fetchOptions?: RequestInit;
  /** Only "json" (reports are returned as objects). */
  format?: 'json';
}

export interface GenerationOptions {
  /** Prompt tokens P (the prefill). */
  prompt?: number;
  /** Output tokens N per sequence (the prefill yields the first, N - 1 decode steps the rest). */
  generate?: number;
}

export interface EstimateOptions extends InspectOptions {
  /** A profile id of `hardware()`; default "h100". */
  hardware?: HardwareId;
  /** "auto" (default: what the file computes in) or a precision: that profile of the GPU. */
  precision?: 'auto' | ComputePrecision;
  /** A hardware profile's JSON (as models/ holds them, or `wattlayer fit` writes), used instead of `hardware`. */
  profile?: Record<string, unknown>;
  /** Estimate generation (prefill and decode steps) of a decoder, as `wattlayer estimate --prompt --generate`. */
  generation?: GenerationOptions;
}

export interface GenerateOptions extends Omit<EstimateOptions, 'generation'>, GenerationOptions {}

// ------------------------------------------------------------------------------------------------
// Reports

/** Each dimension: an integer, a string (an unbound symbol) or null (unknown). */
export type Shape = Array<number | string | null>;

export type LayerCategory =
  | 'conv' | 'matmul' | 'elementwise' | 'normalization' | 'pooling' | 'reduction'
  | 'data_movement' | 'attention' | 'classical_ml' | 'other';

export interface ModelInfo {
  /** The file's model name; else the file name without extension. */
  name: string;
  format: 'onnx' | 'json';
  opset: number;
  producer: string;
  /** Main-graph nodes in the file = total.layers + total.folded_nodes. */
  nodes: number;
  /** Nodes inside If/Loop/Scan bodies (not costed). */
  subgraph_nodes: number;
  precision: FilePrecision;
  /** Shares of the FLOPs, for the precisions with any. */
  precision_shares: Partial<Record<FilePrecision, number>>;
}

export interface GraphInput {
  name: string;
  dtype: string;
  shape: Shape | null;
  /** The leading axis is the batch. */
  batch_axis: boolean;
  /** Only on a decoder's KV cache inputs. */
  kv_cache?: true;
}

export interface Layer {
  /** The node's name; an unnamed ONNX node becomes "<op>_<index>". */
  name: string;
  op: string;
  /** Only when not the default domain. */
  domain?: string;
  category: LayerCategory;
  /** Element type of output 0 ("undefined" when not inferred). */
  dtype: string;
  /** One per input, weights and shape inputs included; null = omitted or unknown rank. */
  inputs: Array<Shape | null>;
  outputs: Array<Shape | null>;
  flops: number;
  params: number;
  /** Activations + weights. */
  bytes_read: number;
  /** The part of bytes_read that is initializers. */
  weight_bytes: number;
  bytes_written: number;
  shape_known: boolean;
  /** Only on layers costed at a data-dependent bound. */
  bounded?: true;
  /** Only on their sources: the layers whose own output size is the bound. */
  bounds_size?: true;
}

export interface EstimatedLayer extends Layer {
  energy_j: number;
  time_s: number;
  /** Where the layer launches a kernel. */
  bound?: 'compute' | 'memory';
}

export interface GraphOutput {
  name: string;
  shape: Shape | null;
  bounded?: true;
}

export interface Totals {
  flops: number;
  /** Unique initializers. */
  params: number;
  bytes_read: number;
  bytes_written: number;
  layers: number;
  unknown_shape_layers: number;
  /** Layers of operators outside the registry. */
  unknown_operator_layers: number;
  /** Layers costed at the upper bound of a data-dependent size. */
  bounded_layers: number;
  bounded_flops: number;
  folded_nodes: number;
  /** False when the totals are a lower bound (unknown shapes or operators) or an upper bound (bounded layers) for some layers. */
  complete: boolean;
}

export interface EstimateTotals extends Totals {
  /** The layers' energy_j plus overhead_energy_j, in joules per batch. */
  energy_j: number;
  time_s: number;
  /** 5th percentile in cross-validation. */
  energy_j_low: number;
  /** 95th percentile in cross-validation. */
  energy_j_high: number;
  overhead_energy_j: number;
  overhead_time_s: number;
  fitted_flops_share: number;
  fitted_layers_share: number;
}

export interface HardwareUsed {
  id: HardwareId;
  name: string;
  source: 'measured' | 'transferred' | (string & {});
  runtime: 'pytorch-eager' | (string & {});
  precision: ComputePrecision;
  /** The batch size is one the profile was not measured at. */
  extrapolated_batch: boolean;
}

export interface ReportWarning {
  /** e.g. "batch_assumed", "dim_assumed", "unknown_operator", "transferred_profile" (core/docs/features.md, "Warnings"). */
  code: string;
  message: string;
  /** Only when non-empty: at most 100 layers, in layer order. */
  layers?: string[];
}

export interface GenerationPhase {
  context: number;
  new_tokens: number;
  flops: number;
  bytes: number;
  energy_j: number;
  time_s: number;
}

export interface Generation {
  /** P; 0 when the file fixes its token count. */
  prompt_tokens: number;
  /** N per sequence. */
  output_tokens: number;
  /** False: the model takes no cache, and only the prefill is estimated. */
  kv_cache: boolean;
  form: 'cache_inputs' | 'merged_if' | 'none';
  cache_inputs: string[];
  symbols: { sequence: string; past: string; total: string };
  branch_input: string;
  prefill: GenerationPhase;
  /** Decode steps estimated at up to 9 cache lengths from P to P + N - 2. */
  decode: GenerationPhase[];
  /** All N - 1 steps, linear between those estimated. */
  decode_energy_j: number;
  decode_time_s: number;
  /** The whole answer. */
  energy_j: number;
  time_s: number;
  /** Over batch x N tokens; 0 without a cache. */
  joules_per_1000_output_tokens: number;
  /** The first decode step's layers. */
  decode_layers: Array<{ name: string; op: string; flops: number; bytes: number; energy_j: number; time_s: number; bound?: 'compute' | 'memory' }>;
}

/** `inspect()`: `wattlayer inspect MODEL --format json`. */
export interface InspectReport {
  model: ModelInfo;
  batch: number;
  /** Input symbols nothing set, with the sizes assumed. */
  assumed_dims: Record<string, number>;
  graph_inputs: GraphInput[];
  /** Topological order. */
  layers: Layer[];
  graph_outputs: GraphOutput[];
  total: Totals;
  warnings: ReportWarning[];
}

/** `estimate()`: `wattlayer estimate MODEL --format json`. */
export interface EstimateReport extends Omit<InspectReport, 'layers' | 'total'> {
  hardware: HardwareUsed;
  layers: EstimatedLayer[];
  total: EstimateTotals;
  /** Only with the generation option (or from `generate()`): the layers and totals are then the P-token prefill's. */
  generation?: Generation;
}

/** `generate()`, or `estimate()` with `generation`. */
export interface GenerationReport extends EstimateReport {
  generation: Generation;
}

/** One compiled-in profile, as `wattlayer hardware --format json` lists them. */
export interface HardwareProfileInfo {
  id: HardwareId;
  name: string;
  source: 'measured' | 'transferred' | (string & {});
  runtime: string;
  precision: ComputePrecision;
  measured_batches: number[];
  /** How the profile was fitted or transferred (data, dates, cross-validation, datasheet figures). */
  provenance: Record<string, unknown>;
}

// ------------------------------------------------------------------------------------------------
// Errors

export type WattLayerErrorCode =
  | 'empty_file' | 'unknown_format' | 'bad_json' | 'invalid_model' | 'truncated' | 'cycle' | 'overflow'
  | 'too_large' | 'bad_argument' | 'io_error' | 'unknown_hardware' | 'bad_profile' | 'nothing_costed'
  | 'internal' | 'out_of_memory' | 'module_unavailable'
  | 'lfs_pointer' | 'compressed_file' | 'pytorch_checkpoint' | 'zip_archive' | 'html_page' | 'onnx_text'
  | 'tflite_model' | 'weights_file' | 'not_a_model' | 'file_not_found' | 'is_directory'
  | (string & {});

/** The core's error report (or a failure to read the model), thrown. */
export declare class WattLayerError extends Error {
  constructor(code: WattLayerErrorCode, message: string);
  name: 'WattLayerError';
  code: WattLayerErrorCode;
}

// ------------------------------------------------------------------------------------------------
// Functions

/** The energy estimate of a model on a GPU profile. Rejects with a WattLayerError. */
export declare function estimate(source: ModelSource, options: EstimateOptions & { generation: GenerationOptions }): Promise<GenerationReport>;
export declare function estimate(source: ModelSource, options?: EstimateOptions): Promise<EstimateReport>;

/** The model's graph, shapes, FLOPs, parameters and bytes per layer, without energy. */
export declare function inspect(source: ModelSource, options?: InspectOptions): Promise<InspectReport>;

/** A decoder's generation estimate (prefill and decode), as `wattlayer estimate --prompt P --generate N`. */
export declare function generate(source: ModelSource, options?: GenerateOptions): Promise<GenerationReport>;

/** One figure before and after a change; `relative` is after / before - 1 (null when before is 0). */
export interface Change { before: number; after: number; relative: number | null }

/** Two estimates compared, as `wattlayer diff BEFORE AFTER --format json`. */
export interface DiffReport {
  before: string;
  after: string;
  hardware: string;
  batch: number;
  hardware_differs: boolean;
  total: { energy_j: Change; time_s: Change; flops: Change; params: Change };
  layer_counts: { before: number; after: number; changed: number; added: number; removed: number };
  /** The layers that are not the same, largest energy change first. */
  layers: Array<{ name: string; op: string; change: 'changed' | 'added' | 'removed'; energy_j: Change; time_s: Change; flops: Change; params: Change }>;
}

export interface DiffOptions extends EstimateOptions {
  /** The earlier model's file name (default: the source's name). */
  before_name?: string;
  /** Resolve with the Markdown for a pull request instead of the JSON report. */
  markdown?: boolean;
}

/** Two models estimated with the same options and compared (totals, and layers matched by name). */
export declare function diff(before: ModelSource, after: ModelSource, options: DiffOptions & { markdown: true }): Promise<string>;
export declare function diff(before: ModelSource, after: ModelSource, options?: DiffOptions): Promise<DiffReport>;

/** The compiled-in hardware profiles. */
export declare function hardware(): Promise<HardwareProfileInfo[]>;

/** The core's version. */
export declare function version(): Promise<string>;
