// Names for the generated schema's types, so pages read `Product` rather than the path
// into `components`. Nothing here is written by hand: every type comes from schema.d.ts.
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Paths = paths;

export type Product = Schemas['ProductResponse'];
export type Variant = Schemas['VariantResponse'];
export type CreateProduct = Schemas['CreateProductRequest'];
export type UpdateProduct = Schemas['UpdateProductRequest'];
export type NewVariant = Schemas['NewVariantRequest'];
export type ImportResult = Schemas['ImportResponse'];
export type Category = Schemas['CategoryResponse'];
export type Workspace = Schemas['WorkspaceResponse'];
export type UpdateWorkspace = Schemas['UpdateWorkspaceRequest'];
export type Onboarding = Schemas['OnboardingDto'];
export type StepStatus = Schemas['OnboardingStepStatus'];
export type OpeningWindow = Schemas['OpeningWindow'];
export type Me = Schemas['MeResponse'];
export type TokenPair = Schemas['TokenResponse'];
export type Channel = Schemas['ChannelResponse'];
export type ChannelStats = Schemas['ChannelStatsResponse'];
export type Faq = Schemas['FaqResponse'];
export type FaqImportResult = Schemas['FaqImportResponse'];
export type KnowledgeDocument = Schemas['DocumentResponse'];
export type TestQueryResult = Schemas['TestQueryResponse'];
export type Member = Schemas['MemberResponse'];
export type Invitation = Schemas['InvitationResponse'];
export type ApiKey = Schemas['ApiKeyResponse'];
export type CreatedApiKey = Schemas['CreatedApiKeyResponse'];
export type ErrorBody = Schemas['ErrorBody'];

export type AssistantSettings = Schemas['AssistantSettingsResponse'];
export type UpdateAssistantSettings = Schemas['UpdateAssistantSettingsRequest'];
export type TonePreview = Schemas['TonePreviewResponse'];
export type PlaygroundTurn = Schemas['PlaygroundResponse'];
export type Order = Schemas['OrderResponse'];
export type OrderNote = Schemas['OrderNoteResponse'];
export type OrderQuery = NonNullable<Paths['/api/v1/orders']['get']['parameters']['query']>;

export type ConversationState = Schemas['ConversationStateResponse'];
export type InboxRow = Schemas['InboxRowResponse'];
export type ConversationDetail = Schemas['ConversationDetailResponse'];
export type ConversationMessage = Schemas['ConversationMessageResponse'];
export type TimelineEntry = Schemas['TimelineEntryResponse'];
export type ConversationNote = Schemas['NoteResponse'];
export type InboxQuery = NonNullable<Paths['/api/v1/conversations']['get']['parameters']['query']>;
export type Contact = Schemas['ContactResponse'];
export type NotificationItem = Schemas['NotificationResponse'];
export type NotificationFeed = Schemas['NotificationFeedResponse'];
export type NotificationPreferences = Schemas['PreferencesResponse'];
export type UpdateNotificationPreferences = Schemas['UpdatePreferencesRequest'];
export type PreferenceChoice = Schemas['PreferenceChoice'];
export type QuietHours = Schemas['QuietHoursBody'];
