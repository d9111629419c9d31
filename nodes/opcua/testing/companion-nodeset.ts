/**
 * The test namespace of the companion server as a NodeSet2 document: a structure DataType with
 * its DataTypeDefinition and binary encoding, as a vendor nodeset declares one. Loaded from XML
 * (not built with the address-space API) so node-opcua derives the encoders and the definition a
 * client reads exactly as it does for DI or Machinery types.
 * @internal
 */
export const COMPANION_NAMESPACE_URI = 'urn:millwright:companion-test';

/** NodeIds (numeric, in the test namespace) of the types declared below. */
export const COMPANION_TYPES = { batchRecipe: 3001, batchRecipeBinary: 5001, recipeStep: 3002, recipeStepBinary: 5002 };

const t = COMPANION_TYPES;

export const COMPANION_NODESET_XML = `<?xml version="1.0" encoding="utf-8"?>
<UANodeSet xmlns="http://opcfoundation.org/UA/2011/03/UANodeSet.xsd" LastModified="2026-12-03T00:00:00Z">
  <NamespaceUris>
    <Uri>${COMPANION_NAMESPACE_URI}</Uri>
  </NamespaceUris>
  <Models>
    <Model ModelUri="${COMPANION_NAMESPACE_URI}" Version="1.0.0" PublicationDate="2026-12-03T00:00:00Z">
      <RequiredModel ModelUri="http://opcfoundation.org/UA/" Version="1.04.0" PublicationDate="2020-01-01T00:00:00Z" />
    </Model>
  </Models>
  <Aliases>
    <Alias Alias="Boolean">i=1</Alias>
    <Alias Alias="Int32">i=6</Alias>
    <Alias Alias="UInt32">i=7</Alias>
    <Alias Alias="Double">i=11</Alias>
    <Alias Alias="String">i=12</Alias>
    <Alias Alias="HasEncoding">i=38</Alias>
    <Alias Alias="HasSubtype">i=45</Alias>
    <Alias Alias="HasTypeDefinition">i=40</Alias>
  </Aliases>
  <UADataType NodeId="ns=1;i=${t.recipeStep}" BrowseName="1:RecipeStep">
    <DisplayName>RecipeStep</DisplayName>
    <References>
      <Reference ReferenceType="HasSubtype" IsForward="false">i=22</Reference>
      <Reference ReferenceType="HasEncoding">ns=1;i=${t.recipeStepBinary}</Reference>
    </References>
    <Definition Name="1:RecipeStep">
      <Field Name="Setpoint" DataType="Double" />
      <Field Name="DurationS" DataType="UInt32" />
    </Definition>
  </UADataType>
  <UAObject NodeId="ns=1;i=${t.recipeStepBinary}" BrowseName="Default Binary" SymbolicName="DefaultBinary">
    <DisplayName>Default Binary</DisplayName>
    <References>
      <Reference ReferenceType="HasEncoding" IsForward="false">ns=1;i=${t.recipeStep}</Reference>
      <Reference ReferenceType="HasTypeDefinition">i=76</Reference>
    </References>
  </UAObject>
  <UADataType NodeId="ns=1;i=${t.batchRecipe}" BrowseName="1:BatchRecipe">
    <DisplayName>BatchRecipe</DisplayName>
    <References>
      <Reference ReferenceType="HasSubtype" IsForward="false">i=22</Reference>
      <Reference ReferenceType="HasEncoding">ns=1;i=${t.batchRecipeBinary}</Reference>
    </References>
    <Definition Name="1:BatchRecipe">
      <Field Name="Name" DataType="String" />
      <Field Name="Quantity" DataType="Int32" />
      <Field Name="Enabled" DataType="Boolean" />
      <Field Name="Steps" DataType="ns=1;i=${t.recipeStep}" ValueRank="1" ArrayDimensions="0" />
    </Definition>
  </UADataType>
  <UAObject NodeId="ns=1;i=${t.batchRecipeBinary}" BrowseName="Default Binary" SymbolicName="DefaultBinary">
    <DisplayName>Default Binary</DisplayName>
    <References>
      <Reference ReferenceType="HasEncoding" IsForward="false">ns=1;i=${t.batchRecipe}</Reference>
      <Reference ReferenceType="HasTypeDefinition">i=76</Reference>
    </References>
  </UAObject>
</UANodeSet>
`;
