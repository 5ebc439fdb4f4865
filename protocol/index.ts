// The face of protocol/: the KKM<->OFD wire protocol (ofd-protocol.md), frame codec, streaming
// frame decoder, validation per protocol version, money/time/QR helpers and the injected clock.
// Other parts import only from here.

// clock
export { systemClock, VirtualClock, settleEventLoop } from './src/clock.js';
export type { Clock, Settle } from './src/clock.js';

// errors
export { ProtocolError, unwrap } from './src/errors.js';
export type { ProtocolErrorCode, Issue, Decoded } from './src/errors.js';

// header
export { APP_CODE, HEADER_SIZE, DEFAULT_MAX_FRAME_SIZE, SUPPORTED_VERSIONS, isSupportedVersion, decodeHeader, encodeHeader, readRawHeader } from './src/header.js';
export type { ProtocolVersion, FrameHeader, FrameMeta, RawHeader, HeaderCheckOptions } from './src/header.js';

// frames
export { encodeRequestFrame, encodeResponseFrame, decodeRequestFrame, decodeResponseFrame, decodeRequestFrameOrThrow, decodeResponseFrameOrThrow } from './src/frame.js';
export type { Frame, DecodedFrame, FrameDecodeOptions } from './src/frame.js';
export { FrameDecoder, FRAME_DECODER_DEFAULTS } from './src/frame-decoder.js';
export type { FrameDecoderOptions, FrameChunkResult } from './src/frame-decoder.js';

// validation and versions
export { validateRequest, validateResponse, missingRequired } from './src/validate.js';
export { resultName, commandInVersion, versionSpec } from './src/versions/index.js';
export type { VersionSpec } from './src/versions/index.js';

// per-command facts
export { tokenRotation, requestBodyField, responseBodyField } from './src/commands.js';
export type { TokenRotation } from './src/commands.js';

// money, time, QR, JSON
export { moneyFromTiyn, tiynFromMoney, formatTiyn } from './src/money.js';
export { crc32, zxChecksum } from './src/checksum.js';
export { toOfdDateTime, fromOfdDateTime, formatOfdDateTime, DEFAULT_TZ_OFFSET_MIN } from './src/time.js';
export { buildQrUrl, parseQrUrl, DEFAULT_QR_BASE_URL } from './src/qr.js';
export type { QrUrlInput, QrUrlInfo } from './src/qr.js';
export { requestToJson, responseToJson, requestFromJson, responseFromJson, messageJson } from './src/json.js';

// protobuf-es runtime
export { create, toBinary, fromBinary, clone, equals, isFieldSet } from '@bufbuild/protobuf';
export type { JsonValue, MessageInitShape } from '@bufbuild/protobuf';

// generated messages (canonical schema, protocol/schema/ofd-protocol.proto). `Date` is exported as `OfdDate`.
export type {
  Date as OfdDate, Time, DateTime, Money, Operator, KeyValuePair, TicketAdInfo, TicketAd, Result, Request,
  Response, TicketRequest, TicketRequest_Tax, TicketRequest_Modifier, TicketRequest_Item,
  TicketRequest_Item_Commodity, TicketRequest_Item_StornoCommodity, TicketRequest_Domain,
  TicketRequest_Domain_Services, TicketRequest_Domain_GasOil, TicketRequest_Domain_Taxi,
  TicketRequest_Domain_Parking, TicketRequest_ExtensionOptions, TicketRequest_Payment,
  TicketRequest_Payment_CardPaymentFields, TicketRequest_Payment_MobilePaymentFields, TicketRequest_Amounts,
  TicketRequest_ParentTicket, TicketResponse, ZXReport, ZXReport_Operation, ZXReport_Section, ZXReport_Tax,
  ZXReport_Tax_TaxOperation, ZXReport_NonNullableSum, ZXReport_TicketOperation,
  ZXReport_TicketOperation_Payment, ZXReport_MoneyPlacement, ZXReport_AnnulledTickets, ZXReport_Revenue,
  CloseShiftRequest, ReportRequest, ReportResponse, MoneyPlacementRequest, NomenclatureRequest,
  NomenclatureResponse, NomenclatureResponse_Tax, NomenclatureResponse_Item, NomenclatureResponse_Element,
  NomenclatureBarcodeRequest, NomenclatureBarcodeResponse, KkmRegInfo, PosRegInfo, OrgRegInfo, OfdRegInfo,
  BindedTaxation, BindedTaxation_BindedTax, ServiceRequest, ServiceRequest_CommQuality,
  ServiceRequest_SecurityStats, ServiceRequest_SecurityStats_GeoPosition, ServiceRequest_OfflinePeriod,
  ServiceRequest_RegInfo, ServiceRequest_SoftwareInformation,
  ServiceRequest_SoftwareInformation_ModuleInformation,
  ServiceRequest_SoftwareInformation_ModuleInformation_DeviceInformation, ServiceResponse,
  ServiceResponse_RegInfo, ServiceResponse_LastDocumentInfo, AuthRequest, AuthResponse, QRRequest,
  QRResponse,
} from './src/gen/ofd-protocol_pb.js';
export {
  DateSchema, TimeSchema, DateTimeSchema, MoneySchema, OperatorSchema, KeyValuePairSchema,
  TicketAdInfoSchema, TicketAdSchema, ResultSchema, RequestSchema, ResponseSchema, TicketRequestSchema,
  TicketRequest_TaxSchema, TicketRequest_ModifierSchema, TicketRequest_ItemSchema,
  TicketRequest_Item_CommoditySchema, TicketRequest_Item_StornoCommoditySchema,
  TicketRequest_Item_ItemTypeEnumSchema, TicketRequest_DomainSchema, TicketRequest_Domain_ServicesSchema,
  TicketRequest_Domain_GasOilSchema, TicketRequest_Domain_TaxiSchema, TicketRequest_Domain_ParkingSchema,
  TicketRequest_ExtensionOptionsSchema, TicketRequest_PaymentSchema,
  TicketRequest_Payment_CardPaymentFieldsSchema, TicketRequest_Payment_MobilePaymentFieldsSchema,
  TicketRequest_AmountsSchema, TicketRequest_ParentTicketSchema, TicketResponseSchema, ZXReportSchema,
  ZXReport_OperationSchema, ZXReport_SectionSchema, ZXReport_TaxSchema, ZXReport_Tax_TaxOperationSchema,
  ZXReport_NonNullableSumSchema, ZXReport_TicketOperationSchema, ZXReport_TicketOperation_PaymentSchema,
  ZXReport_MoneyPlacementSchema, ZXReport_AnnulledTicketsSchema, ZXReport_RevenueSchema,
  CloseShiftRequestSchema, ReportRequestSchema, ReportResponseSchema, MoneyPlacementRequestSchema,
  NomenclatureRequestSchema, NomenclatureResponseSchema, NomenclatureResponse_TaxSchema,
  NomenclatureResponse_ItemSchema, NomenclatureResponse_ElementSchema,
  NomenclatureResponse_ElementTypeEnumSchema, NomenclatureResponse_NomenclatureResultTypeEnumSchema,
  NomenclatureBarcodeRequestSchema, NomenclatureBarcodeResponseSchema, KkmRegInfoSchema, PosRegInfoSchema,
  OrgRegInfoSchema, OfdRegInfoSchema, BindedTaxationSchema, BindedTaxation_BindedTaxSchema,
  ServiceRequestSchema, ServiceRequest_CommQualitySchema, ServiceRequest_SecurityStatsSchema,
  ServiceRequest_SecurityStats_GeoPositionSchema, ServiceRequest_OfflinePeriodSchema,
  ServiceRequest_RegInfoSchema, ServiceRequest_SoftwareInformationSchema,
  ServiceRequest_SoftwareInformation_ModuleInformationSchema,
  ServiceRequest_SoftwareInformation_ModuleInformation_DeviceInformationSchema, ServiceResponseSchema,
  ServiceResponse_RegInfoSchema, ServiceResponse_LastDocumentInfoSchema, AuthRequestSchema,
  AuthResponseSchema, AuthResponse_ResultTypeEnumSchema, QRRequestSchema, QRResponseSchema,
  DomainTypeEnumSchema, OperationTypeEnumSchema, PaymentTypeEnumSchema, TaxTypeEnumSchema,
  TaxationTypeEnumSchema, UserRoleEnumSchema, TicketAdTypeEnumSchema, CommandTypeEnumSchema,
  ResultTypeEnumSchema, CommodityTypeEnumSchema, ReportTypeEnumSchema, MoneyPlacementEnumSchema,
  QRStatusTypeEnumSchema, TicketRequest_Item_ItemTypeEnum, NomenclatureResponse_ElementTypeEnum,
  NomenclatureResponse_NomenclatureResultTypeEnum, AuthResponse_ResultTypeEnum, DomainTypeEnum,
  OperationTypeEnum, PaymentTypeEnum, TaxTypeEnum, TaxationTypeEnum, UserRoleEnum, TicketAdTypeEnum,
  CommandTypeEnum, ResultTypeEnum, CommodityTypeEnum, ReportTypeEnum, MoneyPlacementEnum, QRStatusTypeEnum,
} from './src/gen/ofd-protocol_pb.js';
