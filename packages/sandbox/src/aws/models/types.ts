/** A reference to a shape, with the wire traits botocore gives it. */
export interface ShapeRef {
  shape: string;
  /** REST binding: uri, querystring, header, headers (absent: the body). */
  location?: string;
  /** The wire name (query key, JSON key of EC2's XML, REST path/query name). */
  locationName?: string;
  /** EC2's query key, when it differs from the member name. */
  queryName?: string;
  flattened?: boolean;
  /** The awsQuery name of a query-compatible JSON service (from the SDK's schema). */
  xmlName?: string;
  xmlFlattened?: boolean;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  timestampFormat?: string;
}

/** One shape of a compact model: the input rules of botocore's shape. */
export interface Shape {
  type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'float'
    | 'double'
    | 'boolean'
    | 'timestamp'
    | 'blob'
    | 'document';
  required?: string[];
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  /** A Java regular expression, as AWS publishes and quotes it. */
  pattern?: string;
  enum?: string[];
  flattened?: boolean;
  locationName?: string;
  timestampFormat?: string;
}

/** The compact model of one service, as committed under src/aws/models/. */
export interface ServiceModel {
  $comment: string[];
  source: { botocore: string; path: string; license: string };
  metadata: Record<string, unknown>;
  operations: Record<
    string,
    {
      http: { method: string; requestUri: string };
      input?: string;
      output?: string;
    }
  >;
  /** Query-compatible services: each error's awsQuery code and status. */
  errors?: Record<string, { queryCode: string; queryStatus: number }>;
  shapes: Record<string, Shape>;
}
